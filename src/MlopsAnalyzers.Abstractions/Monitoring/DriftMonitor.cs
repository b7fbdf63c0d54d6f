using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>
/// Compares the inputs a model serves with the training baseline the registry stored, and reports the columns
/// whose distribution has drifted. Call <see cref="Observe"/> for each served input (or wrap the prediction engine in
/// a <see cref="MonitoredPredictionEngine{TSrc, TDst}"/>, which does) and handle <see cref="DriftDetected"/>.
/// </summary>
/// <typeparam name="TSrc">The input type of the prediction engine; its columns are matched to the baseline's by ML.NET column name.</typeparam>
/// <remarks>
/// <para>
/// <b>Bounded memory.</b> The monitor keeps a rolling window of the last <see cref="DriftMonitorOptions.WindowSize"/>
/// inputs, one value per monitored column (a number or a reference to the input's string), whatever the traffic.
/// </para>
/// <para>
/// <b>Thread safety.</b> One monitor can be shared by every thread and every engine serving the same model (for example
/// per-thread engines from a <see cref="ThreadLocal{T}"/>): <see cref="Observe"/> takes a short lock to write the
/// window; a check copies the window under that lock and computes outside it.
/// </para>
/// <para>
/// <b>Checks.</b> After every <see cref="DriftMonitorOptions.CheckInterval"/> inputs, once the window holds
/// <see cref="DriftMonitorOptions.MinimumSamples"/>, a check compares each column with its baseline (see
/// <see cref="DriftMonitorOptions"/> for when a column drifts, <see cref="DriftStatistics"/> for the formulas), stores
/// the result in <see cref="LastReport"/>, and raises <see cref="DriftDetected"/> when the set of drifting columns
/// becomes non-empty or changes. Checks run on the thread pool unless
/// <see cref="DriftMonitorOptions.RunChecksInBackground"/> is false; <see cref="Check"/> runs one now. Background checks
/// take at most a tenth of a core: one runs at a time, and after a check that took t the next waits 9 t, so under
/// heavy traffic they are spaced further apart than <see cref="DriftMonitorOptions.CheckInterval"/> inputs.
/// </para>
/// </remarks>
public sealed class DriftMonitor<TSrc> : IDriftMetricsSource
    where TSrc : class
{
    private readonly object _windowGate = new();
    private readonly object _checkGate = new();
    private readonly DriftMonitorOptions _options;
    private readonly InputAccessors<TSrc> _accessors;
    private readonly double[][] _numeric;
    private readonly string[][] _categorical;
    private readonly NumericReference[] _references;
    private readonly CategoricalBuckets[] _buckets;
    private int _next;
    private int _count;
    private long _observed;
    private int _checkQueued;
    private long _nextBackgroundCheck;
    private long _backgroundChecks;
    private long _backgroundCheckTicks;
    private long _lastBackgroundCheckTicks;
    private string _lastDrifting = "";
    private DriftReport? _lastReport;
    private readonly Dictionary<string, KeyValuePair<string, object?>[]> _columnTags;

    /// <summary>Creates a monitor that compares inputs of <typeparamref name="TSrc"/> with <paramref name="baseline"/>.</summary>
    /// <exception cref="ArgumentException">No baseline column is an input column of <typeparamref name="TSrc"/>, a requested column is missing, or a column's type differs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DriftMonitor(DriftBaseline baseline, DriftMonitorOptions? options = null)
    {
        Baseline = baseline ?? throw new ArgumentNullException(nameof(baseline));
        _options = (options ?? new DriftMonitorOptions()).Snapshot();
        _accessors = InputAccessors<TSrc>.Create(baseline, _options.Columns);
        _numeric = _accessors.Numeric.Select(_ => new double[_options.WindowSize]).ToArray();
        _categorical = _accessors.Categorical.Select(_ => new string[_options.WindowSize]).ToArray();
        _references = _accessors.Numeric.Select(c => new NumericReference(c.Baseline)).ToArray();
        _buckets = _accessors.Categorical.Select(c => new CategoricalBuckets(c.Baseline, _options.WindowSize)).ToArray();
        MonitoredColumns = _accessors.Numeric.Select(c => c.Baseline.Name)
            .Concat(_accessors.Categorical.Select(c => c.Baseline.Name))
            .ToList();
        ModelName = string.IsNullOrEmpty(_options.ModelName) ? typeof(TSrc).Name : _options.ModelName!;
        ModelVersion = string.IsNullOrEmpty(_options.ModelVersion) ? null : _options.ModelVersion;
        ModelTags = MonitoringMetrics.ModelTags(ModelName, ModelVersion);
        _columnTags = MonitoredColumns.ToDictionary(c => c, c => MonitoringMetrics.With(ModelTags, MonitoringMetrics.ColumnTag, c), StringComparer.Ordinal);
        MonitoringMetrics.Register(this);
    }

    /// <summary>
    /// Raised when a check finds drifting columns and the previous check found none or others. Handlers run on the
    /// thread that ran the check; an exception they throw is written to <see cref="Trace"/> and does not reach the
    /// code that predicts.
    /// </summary>
    public event EventHandler<DriftDetectedEventArgs>? DriftDetected;

    /// <summary>The training baseline.</summary>
    public DriftBaseline Baseline { get; }

    /// <summary>The model name the metrics are tagged with (<see cref="DriftMonitorOptions.ModelName"/>, else the input type's name).</summary>
    public string ModelName { get; }

    /// <summary>The model version or alias the metrics are tagged with (<see cref="DriftMonitorOptions.ModelVersion"/>), or null.</summary>
    public string? ModelVersion { get; }

    /// <summary>The tags of every measurement about this monitor's model, built once (<see cref="MonitoringMetrics"/>).</summary>
    internal KeyValuePair<string, object?>[] ModelTags { get; }

    KeyValuePair<string, object?>[] IDriftMetricsSource.ModelTags => ModelTags;

    double IDriftMetricsSource.WindowFill => (double)WindowCount / _options.WindowSize;

    /// <summary>The columns compared with the baseline (those of the baseline that <typeparamref name="TSrc"/> has).</summary>
    public IReadOnlyList<string> MonitoredColumns { get; }

    /// <summary>The inputs observed since the monitor was created.</summary>
    public long ObservedCount => Interlocked.Read(ref _observed);

    /// <summary>The inputs in the window now (at most <see cref="DriftMonitorOptions.WindowSize"/>).</summary>
    public int WindowCount
    {
        get
        {
            lock (_windowGate)
            {
                return _count;
            }
        }
    }

    /// <summary>The result of the latest check, or null before the first.</summary>
    public DriftReport? LastReport => Volatile.Read(ref _lastReport);

    /// <summary>Adds a served input to the window; every <see cref="DriftMonitorOptions.CheckInterval"/> inputs, starts a check.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public void Observe(TSrc input)
    {
        if (input is null)
        {
            throw new ArgumentNullException(nameof(input));
        }

        long observed;
        bool due;
        lock (_windowGate)
        {
            var slot = _next;
            for (var i = 0; i < _numeric.Length; i++)
            {
                _numeric[i][slot] = _accessors.Numeric[i].Read(input);
            }

            for (var i = 0; i < _categorical.Length; i++)
            {
                _categorical[i][slot] = _accessors.Categorical[i].Read(input);
            }

            _next = slot + 1 == _options.WindowSize ? 0 : slot + 1;
            if (_count < _options.WindowSize)
            {
                _count++;
            }

            observed = ++_observed;
            due = _count >= _options.MinimumSamples && observed % _options.CheckInterval == 0;
        }

        if (!due)
        {
            return;
        }

        if (!_options.RunChecksInBackground)
        {
            Check();
        }
        else if (Stopwatch.GetTimestamp() >= Interlocked.Read(ref _nextBackgroundCheck) && Interlocked.CompareExchange(ref _checkQueued, 1, 0) == 0)
        {
            // At most one background check at a time, and a tenth of a core at most: after a check that took t, the
            // next one waits 9 t. A check that is due while one runs, or too soon after, is skipped.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    Check();
                }
                catch (Exception e)
                {
                    Trace.TraceError($"Drift check of {typeof(TSrc).Name} failed: {e}");
                }
                finally
                {
                    var ended = Stopwatch.GetTimestamp();
                    Interlocked.Add(ref _backgroundCheckTicks, ended - started);
                    Interlocked.Exchange(ref _lastBackgroundCheckTicks, ended - started);
                    Interlocked.Increment(ref _backgroundChecks);
                    Interlocked.Exchange(ref _nextBackgroundCheck, ended + (BackgroundCheckSpacing * (ended - started)));
                    Volatile.Write(ref _checkQueued, 0);
                }
            });
        }
    }

    /// <summary>How many times its own duration a background check waits before the next may start: 9, so checks take at most a tenth of a core.</summary>
    internal const int BackgroundCheckSpacing = 9;

    /// <summary>The background checks that ran, their total duration and the last one's, in <see cref="Stopwatch"/> ticks.</summary>
    internal (long Count, long Ticks, long LastTicks) BackgroundChecks
        => (Interlocked.Read(ref _backgroundChecks), Interlocked.Read(ref _backgroundCheckTicks), Interlocked.Read(ref _lastBackgroundCheckTicks));

    /// <summary>True while a background check is queued or running.</summary>
    internal bool BackgroundCheckPending => Volatile.Read(ref _checkQueued) != 0;

    /// <summary>Compares the current window with the baseline now, stores and returns the report, and raises <see cref="DriftDetected"/> when due.</summary>
    public DriftReport Check()
    {
        lock (_checkGate)
        {
            double[][] numeric;
            string[][] categorical;
            int count;
            long observed;
            lock (_windowGate)
            {
                count = _count;
                observed = _observed;
                numeric = _numeric.Select(values => Copy(values, count)).ToArray();
                categorical = _categorical.Select(values => Copy(values, count)).ToArray();
            }

            var enough = count >= _options.MinimumSamples;
            var columns = new List<ColumnDrift>(numeric.Length + categorical.Length);
            for (var i = 0; i < numeric.Length; i++)
            {
                columns.Add(CompareNumeric(_references[i], numeric[i], enough));
            }

            for (var i = 0; i < categorical.Length; i++)
            {
                columns.Add(_buckets[i].Compare(categorical[i], _options, ColumnSignificance, enough));
            }

            var order = Baseline.Columns.Select(c => c.Name).ToList();
            columns.Sort((a, b) => order.IndexOf(a.Name).CompareTo(order.IndexOf(b.Name)));
            var report = new DriftReport(DateTimeOffset.UtcNow, observed, count, enough, columns);
            Volatile.Write(ref _lastReport, report);

            var drifting = string.Join("\n", report.DriftingColumns);
            var changed = !string.Equals(drifting, _lastDrifting, StringComparison.Ordinal);
            _lastDrifting = drifting;
            if (report.HasDrift && changed)
            {
                Raise(report);
            }

            return report;
        }
    }

    IEnumerable<(ColumnDrift Column, KeyValuePair<string, object?>[] Tags)> IDriftMetricsSource.ColumnsOfLastReport()
        => LastReport is { } report
            ? report.Columns.Select(c => (c, _columnTags[c.Name]))
            : Enumerable.Empty<(ColumnDrift, KeyValuePair<string, object?>[])>();

    /// <summary>The level each column is tested at: <see cref="DriftMonitorOptions.Significance"/> shared by the monitored columns (Bonferroni).</summary>
    private double ColumnSignificance => _options.Significance / MonitoredColumns.Count;

    private ColumnDrift CompareNumeric(NumericReference reference, double[] window, bool enough)
    {
        // Bins of the baseline's histogram (finite values), then one bin each for missing values, negative and
        // positive infinities: like missing values, infinities are counted apart and have their own rate test.
        var bins = reference.Edges.Length + 1;
        int missing = bins, negative = bins + 1, positive = bins + 2;
        var counts = new int[bins + 3];
        var finite = new double[window.Length];
        var finiteCount = 0;
        foreach (var value in window)
        {
            if (double.IsNaN(value))
            {
                counts[missing]++;
            }
            else if (double.IsInfinity(value))
            {
                counts[value > 0 ? positive : negative]++;
            }
            else
            {
                counts[reference.BinOf(value)]++;
                finite[finiteCount++] = value;
            }
        }

        Array.Sort(finite, 0, finiteCount);
        var n = window.Length;
        var actual = new double[counts.Length];
        for (var b = 0; b < counts.Length; b++)
        {
            actual[b] = n == 0 ? 0 : (double)counts[b] / n;
        }

        var psi = DriftStatistics.PopulationStabilityIndex(reference.Expected, actual);
        var (d, ksP) = DriftStatistics.KolmogorovSmirnov(reference.Sample, reference.Sample.Length, finite, finiteCount);
        var present = n - counts[missing];
        var missingP = DriftStatistics.ChiSquareHomogeneity(reference.MissingCounts, new[] { counts[missing], present });

        // The infinity-rate test joins the Bonferroni correction only when training or the window has an infinity;
        // otherwise it cannot reject (one non-empty bin gives p = 1) and the column keeps its two tests.
        var infinities = counts[negative] + counts[positive];
        var p = Math.Min(ksP, missingP);
        var tests = 2;
        if (reference.HasInfinities || infinities > 0)
        {
            p = Math.Min(p, DriftStatistics.ChiSquareHomogeneity(reference.InfinityCounts, new[] { counts[negative], counts[positive], finiteCount }));
            tests = 3;
        }

        p = Math.Min(1, tests * p);
        var drifting = enough && psi >= _options.PsiThreshold && p < ColumnSignificance;
        return new ColumnDrift(
            reference.Name,
            ColumnKind.Numeric,
            n,
            psi,
            p,
            d,
            n == 0 ? 0 : (double)counts[missing] / n,
            n == 0 ? 0 : (double)infinities / n,
            drifting);
    }

    private void Raise(DriftReport report)
    {
        var handlers = DriftDetected;
        if (handlers is null)
        {
            return;
        }

        var args = new DriftDetectedEventArgs(report);
        foreach (EventHandler<DriftDetectedEventArgs> handler in handlers.GetInvocationList())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception e)
            {
                Trace.TraceError($"A DriftDetected handler of {typeof(TSrc).Name} threw: {e}");
            }
        }
    }

    private T[] Copy<T>(T[] ring, int count)
    {
        // The window in arrival order is not needed: the statistics do not depend on the order.
        var copy = new T[count];
        Array.Copy(ring, copy, count);
        return copy;
    }

    /// <summary>A numeric column's baseline as arrays: histogram edges, expected proportions (bins, then missing, negative and positive infinities), sample.</summary>
    private sealed class NumericReference
    {
        public NumericReference(NumericColumnBaseline baseline)
        {
            Name = baseline.Name;
            Edges = baseline.BinEdges.ToArray();
            Sample = baseline.Sample.ToArray();
            double rows = Math.Max(1, baseline.RowCount);
            var finite = baseline.FiniteCount / rows;
            Expected = baseline.BinProportions.Select(p => p * finite)
                .Concat(new[] { baseline.MissingCount / rows, baseline.NegativeInfinityCount / rows, baseline.PositiveInfinityCount / rows })
                .ToArray();
            MissingCounts = new double[] { baseline.MissingCount, baseline.RowCount - baseline.MissingCount };
            InfinityCounts = new double[] { baseline.NegativeInfinityCount, baseline.PositiveInfinityCount, baseline.FiniteCount };
            HasInfinities = baseline.NegativeInfinityCount + baseline.PositiveInfinityCount > 0;
        }

        public string Name { get; }

        public double[] Edges { get; }

        public double[] Sample { get; }

        public double[] Expected { get; }

        /// <summary>Training rows with and without a value, for the test of the missing-value rate.</summary>
        public double[] MissingCounts { get; }

        /// <summary>Training rows with negative infinity, positive infinity and a finite value, for the test of the infinity rate.</summary>
        public double[] InfinityCounts { get; }

        public bool HasInfinities { get; }

        public int BinOf(double value)
        {
            var index = Array.BinarySearch(Edges, value);

            // Bins are closed on the right: a value equal to an edge belongs to the bin that edge ends.
            return index >= 0 ? index : ~index;
        }
    }

    /// <summary>A categorical column's comparison bins: its frequent training values, and "other".</summary>
    private sealed class CategoricalBuckets
    {
        private readonly CategoricalColumnBaseline _baseline;
        private readonly Dictionary<string, int> _bucketOf = new(StringComparer.Ordinal);
        private readonly double[] _referenceCounts;

        public CategoricalBuckets(CategoricalColumnBaseline baseline, int windowSize)
        {
            _baseline = baseline;

            // Values expected fewer than 5 times in a full window are pooled with "other": the chi-square test needs
            // expected counts of about 5, and rare values carry too little signal to compare one by one.
            var counts = new List<double>();
            var other = (double)baseline.OtherCount;
            foreach (var category in baseline.Categories)
            {
                if (baseline.RowCount > 0 && (double)category.Value / baseline.RowCount * windowSize >= 5)
                {
                    _bucketOf[category.Key] = counts.Count;
                    counts.Add(category.Value);
                }
                else
                {
                    other += category.Value;
                }
            }

            counts.Add(other);
            _referenceCounts = counts.ToArray();
        }

        public ColumnDrift Compare(string[] window, DriftMonitorOptions options, double significance, bool enough)
        {
            var otherBucket = _referenceCounts.Length - 1;
            var counts = new int[_referenceCounts.Length];
            foreach (var value in window)
            {
                counts[_bucketOf.TryGetValue(value, out var bucket) ? bucket : otherBucket]++;
            }

            var n = window.Length;
            var rows = Math.Max(1, _baseline.RowCount);
            var expected = _referenceCounts.Select(c => c / rows).ToArray();
            var actual = counts.Select(c => n == 0 ? 0 : (double)c / n).ToArray();
            var psi = DriftStatistics.PopulationStabilityIndex(expected, actual);
            var p = DriftStatistics.ChiSquareHomogeneity(_referenceCounts, counts);
            var drifting = enough && psi >= options.PsiThreshold && p < significance;
            return new ColumnDrift(_baseline.Name, ColumnKind.Categorical, n, psi, p, double.NaN, 0, 0, drifting);
        }
    }
}
