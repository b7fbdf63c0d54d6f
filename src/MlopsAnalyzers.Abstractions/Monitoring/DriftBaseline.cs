using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>
/// The training distribution of a model's input columns, which a <see cref="DriftMonitor{TSrc}"/> compares served
/// inputs with: per numeric column a histogram at the training quantiles and a sample of values, per categorical
/// column (text, Boolean) a table of its most frequent values. Computed from the training data in one streaming pass
/// (<see cref="Compute"/>), stored with a registered model version as the artifact <see cref="ArtifactName"/>
/// (<see cref="MonitoringExtensions.AddDriftBaseline(ModelRegistration, IDataView, string[])"/>) and read back with
/// <see cref="MonitoringExtensions.ReadDriftBaseline"/>.
/// </summary>
/// <remarks>
/// Memory and size do not grow with the training data: a numeric column keeps <see cref="DriftBaselineOptions.SampleSize"/>
/// values (reservoir sampling, seeded), a categorical column counts at most <see cref="DriftBaselineOptions.MaxTrackedValues"/>
/// distinct values and keeps the <see cref="DriftBaselineOptions.MaxCategories"/> most frequent. The histogram's
/// bin edges and proportions are taken from the sample, so they are estimates when the data has more rows than
/// the sample; count, missing values, minimum, maximum, mean and standard deviation are exact. Vector and key columns
/// are not summarized.
/// </remarks>
public sealed class DriftBaseline
{
    /// <summary>The artifact name under which the registry stores a baseline: <c>drift-baseline.json</c>.</summary>
    public const string ArtifactName = "drift-baseline.json";

    /// <summary>Creates a baseline from column summaries (all computed from the same <paramref name="rowCount"/> rows).</summary>
    /// <exception cref="ArgumentException">No column, a name listed twice, or a column of another row count.</exception>
    public DriftBaseline(long rowCount, IReadOnlyList<ColumnBaseline> columns)
    {
        if (columns is null)
        {
            throw new ArgumentNullException(nameof(columns));
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException("A drift baseline needs at least one column.", nameof(columns));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (column is null)
            {
                throw new ArgumentException("A baseline column is null.", nameof(columns));
            }

            if (!names.Add(column.Name))
            {
                throw new ArgumentException($"The column '{column.Name}' is listed twice.", nameof(columns));
            }

            if (column.RowCount != rowCount)
            {
                throw new ArgumentException($"The column '{column.Name}' was computed from {column.RowCount} rows, the baseline from {rowCount}.", nameof(columns));
            }
        }

        RowCount = rowCount;
        Columns = columns;
    }

    /// <summary>The number of training rows.</summary>
    public long RowCount { get; }

    /// <summary>The summarized columns, in the order of the training data's schema.</summary>
    public IReadOnlyList<ColumnBaseline> Columns { get; }

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public ColumnBaseline? FindColumn(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// Summarizes <paramref name="data"/> (the data the model is trained on) in one pass over its rows.
    /// </summary>
    /// <exception cref="ArgumentException">A requested column is missing, hidden or of an unsupported type, or no column can be summarized.</exception>
    public static DriftBaseline Compute(IDataView data, DriftBaselineOptions? options = null)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        options ??= new DriftBaselineOptions();
        options.Validate();
        var selected = SelectColumns(data.Schema, options);

        using var cursor = data.GetRowCursor(selected);
        var accumulators = new List<ColumnAccumulator>(selected.Count);
        for (var i = 0; i < selected.Count; i++)
        {
            accumulators.Add(ColumnAccumulator.Create(cursor, selected[i], options, unchecked(options.Seed + (31 * i))));
        }

        long rows = 0;
        while (cursor.MoveNext())
        {
            rows++;
            foreach (var accumulator in accumulators)
            {
                accumulator.Read();
            }
        }

        return new DriftBaseline(rows, accumulators.Select(a => a.ToBaseline(rows)).ToList());
    }

    /// <summary>The baseline as an indented JSON document (the artifact's content).</summary>
    public string ToJson() => DriftBaselineJson.Write(this);

    /// <summary>Reads a baseline written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a valid drift baseline; the message says what is wrong.</exception>
    public static DriftBaseline FromJson(string json) => DriftBaselineJson.Read(json ?? throw new ArgumentNullException(nameof(json)));

    /// <inheritdoc />
    public override string ToString() => $"Drift baseline of {RowCount} rows: {string.Join(", ", Columns.Select(c => c.Name))}";

    private static List<DataViewSchema.Column> SelectColumns(DataViewSchema schema, DriftBaselineOptions options)
    {
        var excluded = new HashSet<string>(options.ExcludedColumns, StringComparer.Ordinal);
        var selected = new List<DataViewSchema.Column>();
        if (options.Columns.Count > 0)
        {
            foreach (var name in options.Columns.Distinct(StringComparer.Ordinal))
            {
                if (excluded.Contains(name))
                {
                    continue;
                }

                var column = schema.GetColumnOrNull(name)
                    ?? throw new ArgumentException($"The data has no column '{name}' (it has: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}).", nameof(options));
                if (ColumnAccumulator.KindOf(column.Type) is null)
                {
                    throw new ArgumentException($"The column '{name}' is {column.Type}; a drift baseline summarizes scalar numbers, Booleans and text.", nameof(options));
                }

                selected.Add(column);
            }
        }
        else
        {
            selected.AddRange(schema.Where(c => !c.IsHidden && !excluded.Contains(c.Name) && ColumnAccumulator.KindOf(c.Type) is not null));
        }

        if (selected.Count == 0)
        {
            throw new ArgumentException("No column of the data can be summarized: a drift baseline needs scalar number, Boolean or text columns.", nameof(options));
        }

        return selected;
    }
}
