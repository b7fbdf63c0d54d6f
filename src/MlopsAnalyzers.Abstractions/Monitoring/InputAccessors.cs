using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using Microsoft.ML.Data;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>
/// Reads the monitored columns out of an input object, compiled once: the column names are ML.NET's for
/// <typeparamref name="TSrc"/> (its <see cref="SchemaDefinition"/>, so <c>[ColumnName]</c> is honoured).
/// </summary>
internal sealed class InputAccessors<TSrc>
    where TSrc : class
{
    private InputAccessors(List<(NumericColumnBaseline Baseline, Func<TSrc, double> Read)> numeric, List<(CategoricalColumnBaseline Baseline, Func<TSrc, string> Read)> categorical)
    {
        Numeric = numeric;
        Categorical = categorical;
    }

    public IReadOnlyList<(NumericColumnBaseline Baseline, Func<TSrc, double> Read)> Numeric { get; }

    public IReadOnlyList<(CategoricalColumnBaseline Baseline, Func<TSrc, string> Read)> Categorical { get; }

    public static InputAccessors<TSrc> Create(DriftBaseline baseline, IList<string> requested)
    {
        var definition = SchemaDefinition.Create(typeof(TSrc), SchemaDefinition.Direction.Read);
        var members = definition.ToDictionary(c => c.ColumnName, c => c.MemberName, StringComparer.Ordinal);
        var numeric = new List<(NumericColumnBaseline, Func<TSrc, double>)>();
        var categorical = new List<(CategoricalColumnBaseline, Func<TSrc, string>)>();
        var wanted = requested.Count > 0 ? new HashSet<string>(requested, StringComparer.Ordinal) : null;

        if (wanted is not null)
        {
            foreach (var name in wanted)
            {
                if (baseline.FindColumn(name) is null)
                {
                    throw new ArgumentException($"The column '{name}' is not in the drift baseline (it has: {string.Join(", ", baseline.Columns.Select(c => c.Name))}).", "options");
                }

                if (!members.ContainsKey(name))
                {
                    throw new ArgumentException($"The column '{name}' is not an input column of {typeof(TSrc).Name} (it has: {string.Join(", ", members.Keys)}).", "options");
                }
            }
        }

        foreach (var column in baseline.Columns)
        {
            if ((wanted is not null && !wanted.Contains(column.Name)) || !members.TryGetValue(column.Name, out var member))
            {
                continue;
            }

            var parameter = Expression.Parameter(typeof(TSrc), "input");
            var access = Expression.PropertyOrField(parameter, member);
            switch (column)
            {
                case NumericColumnBaseline numericBaseline:
                    if (!IsNumber(access.Type))
                    {
                        throw Mismatch(column, member, access.Type, "a number");
                    }

                    numeric.Add((numericBaseline, Expression.Lambda<Func<TSrc, double>>(Expression.Convert(access, typeof(double)), parameter).Compile()));
                    break;
                case CategoricalColumnBaseline categoricalBaseline:
                    Expression text = access.Type == typeof(string) ? Expression.Coalesce(access, Expression.Constant(""))
                        : access.Type == typeof(bool) ? Expression.Call(typeof(CategoryText).GetMethod(nameof(CategoryText.Of))!, access)
                        : access.Type == typeof(ReadOnlyMemory<char>) ? Expression.Call(access, typeof(ReadOnlyMemory<char>).GetMethod(nameof(ToString), Type.EmptyTypes)!)
                        : throw Mismatch(column, member, access.Type, "text or a Boolean");
                    categorical.Add((categoricalBaseline, Expression.Lambda<Func<TSrc, string>>(text, parameter).Compile()));
                    break;
            }
        }

        if (numeric.Count + categorical.Count == 0)
        {
            throw new ArgumentException(
                $"None of the drift baseline's columns ({string.Join(", ", baseline.Columns.Select(c => c.Name))}) is an input column of {typeof(TSrc).Name} ({string.Join(", ", members.Keys)}): nothing could be monitored.",
                nameof(baseline));
        }

        return new InputAccessors<TSrc>(numeric, categorical);
    }

    private static bool IsNumber(Type type)
        => type == typeof(float) || type == typeof(double) || type == typeof(sbyte) || type == typeof(byte)
           || type == typeof(short) || type == typeof(ushort) || type == typeof(int) || type == typeof(uint)
           || type == typeof(long) || type == typeof(ulong);

    private static ArgumentException Mismatch(ColumnBaseline column, string member, Type type, string expected)
        => new($"The column '{column.Name}' is {column.Kind.ToString().ToLowerInvariant()} in the drift baseline, but {typeof(TSrc).Name}.{member} is {type.Name}, not {expected}.", "baseline");
}
