using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>Reads one column row by row and summarizes it in bounded memory (one pass, see <see cref="DriftBaseline.Compute"/>).</summary>
internal abstract class ColumnAccumulator
{
    protected ColumnAccumulator(string name) => Name = name;

    public string Name { get; }

    /// <summary>How a column of <paramref name="type"/> is summarized, or null when it is not (vectors, keys, dates, ...).</summary>
    public static ColumnKind? KindOf(DataViewType type) => type switch
    {
        NumberDataViewType => ColumnKind.Numeric,
        BooleanDataViewType or TextDataViewType => ColumnKind.Categorical,
        _ => null,
    };

    public static ColumnAccumulator Create(DataViewRowCursor cursor, DataViewSchema.Column column, DriftBaselineOptions options, int seed)
    {
        var type = column.Type.RawType;
        if (column.Type is NumberDataViewType)
        {
            Func<double> read = type == typeof(float) ? Numeric<float>(cursor, column, v => v)
                : type == typeof(double) ? Numeric<double>(cursor, column, v => v)
                : type == typeof(sbyte) ? Numeric<sbyte>(cursor, column, v => v)
                : type == typeof(byte) ? Numeric<byte>(cursor, column, v => v)
                : type == typeof(short) ? Numeric<short>(cursor, column, v => v)
                : type == typeof(ushort) ? Numeric<ushort>(cursor, column, v => v)
                : type == typeof(int) ? Numeric<int>(cursor, column, v => v)
                : type == typeof(uint) ? Numeric<uint>(cursor, column, v => v)
                : type == typeof(long) ? Numeric<long>(cursor, column, v => v)
                : type == typeof(ulong) ? Numeric<ulong>(cursor, column, v => v)
                : throw new ArgumentException($"The column '{column.Name}' has the unsupported number type {column.Type}.");
            return new NumericAccumulator(column.Name, read, options, seed);
        }

        if (column.Type is BooleanDataViewType)
        {
            var getter = cursor.GetGetter<bool>(column);
            var value = false;
            return new CategoricalAccumulator(column.Name, () =>
            {
                getter(ref value);
                return CategoryText.Of(value);
            }, options);
        }

        var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        var memory = default(ReadOnlyMemory<char>);
        return new CategoricalAccumulator(column.Name, () =>
        {
            text(ref memory);
            return memory.ToString();
        }, options);
    }

    public abstract void Read();

    public abstract ColumnBaseline ToBaseline(long rows);

    private static Func<double> Numeric<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, double> convert)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return convert(value);
        };
    }

    private sealed class NumericAccumulator : ColumnAccumulator
    {
        private readonly Func<double> _read;
        private readonly Random _random;
        private readonly double[] _reservoir;
        private readonly int _bins;
        private long _present;
        private long _missing;
        private long _negativeInfinity;
        private long _positiveInfinity;
        private double _min = double.PositiveInfinity;
        private double _max = double.NegativeInfinity;
        private double _mean;
        private double _m2;

        public NumericAccumulator(string name, Func<double> read, DriftBaselineOptions options, int seed)
            : base(name)
        {
            _read = read;
            _random = new Random(seed);
            _reservoir = new double[options.SampleSize];
            _bins = options.Bins;
        }

        public override void Read()
        {
            var value = _read();
            if (double.IsNaN(value))
            {
                _missing++;
                return;
            }

            // Infinities are counted apart, like missing values: they would make the mean, the standard deviation and
            // the histogram's edges infinite or NaN.
            if (double.IsInfinity(value))
            {
                _ = value > 0 ? _positiveInfinity++ : _negativeInfinity++;
                return;
            }

            _present++;
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            var delta = value - _mean;
            _mean += delta / _present;
            _m2 += delta * (value - _mean);

            // Reservoir sampling (algorithm R): every value ends in the sample with the same probability.
            if (_present <= _reservoir.Length)
            {
                _reservoir[_present - 1] = value;
            }
            else
            {
                var slot = (long)(_random.NextDouble() * _present);
                if (slot < _reservoir.Length)
                {
                    _reservoir[slot] = value;
                }
            }
        }

        public override ColumnBaseline ToBaseline(long rows)
        {
            var sample = _reservoir.Take((int)Math.Min(_present, _reservoir.Length)).ToArray();
            Array.Sort(sample);

            // Inner edges at the sample's quantiles k/bins, without repeats and below the maximum (so no bin is empty).
            var edges = new List<double>();
            for (var k = 1; k < _bins && sample.Length > 0; k++)
            {
                var edge = sample[Math.Max(0, (int)Math.Ceiling((double)k * sample.Length / _bins) - 1)];
                if (edge < sample[sample.Length - 1] && (edges.Count == 0 || edge > edges[edges.Count - 1]))
                {
                    edges.Add(edge);
                }
            }

            var proportions = new double[edges.Count + 1];
            if (sample.Length > 0)
            {
                var bin = 0;
                foreach (var value in sample)
                {
                    while (bin < edges.Count && value > edges[bin])
                    {
                        bin++;
                    }

                    proportions[bin]++;
                }

                for (var i = 0; i < proportions.Length; i++)
                {
                    proportions[i] /= sample.Length;
                }
            }

            var none = _present == 0;
            return new NumericColumnBaseline(
                Name,
                rows,
                _missing,
                _negativeInfinity,
                _positiveInfinity,
                none ? double.NaN : _min,
                none ? double.NaN : _max,
                none ? double.NaN : _mean,
                none ? double.NaN : Math.Sqrt(_m2 / _present),
                edges,
                proportions,
                sample);
        }
    }

    private sealed class CategoricalAccumulator : ColumnAccumulator
    {
        private readonly Func<string> _read;
        private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
        private readonly int _maxCategories;
        private readonly int _maxTracked;
        private long _untracked;

        public CategoricalAccumulator(string name, Func<string> read, DriftBaselineOptions options)
            : base(name)
        {
            _read = read;
            _maxCategories = options.MaxCategories;
            _maxTracked = options.MaxTrackedValues;
        }

        public override void Read()
        {
            var value = _read();
            if (_counts.TryGetValue(value, out var count))
            {
                _counts[value] = count + 1;
            }
            else if (_counts.Count < _maxTracked)
            {
                _counts[value] = 1;
            }
            else
            {
                _untracked++;
            }
        }

        public override ColumnBaseline ToBaseline(long rows)
        {
            var kept = _counts
                .OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(_maxCategories)
                .ToList();
            var other = rows - kept.Sum(c => c.Value);
            return new CategoricalColumnBaseline(Name, rows, kept, other, _counts.Count + (_untracked > 0 ? 1 : 0));
        }
    }
}

/// <summary>How a categorical value is written, on both sides (training data and served rows).</summary>
internal static class CategoryText
{
    public static string Of(bool value) => value ? "true" : "false";
}
