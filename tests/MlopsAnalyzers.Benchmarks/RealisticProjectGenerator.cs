using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlopsAnalyzers.Benchmarks;

/// <summary>
/// Generates the realistic workload: an app with the diagnostic density of real code. Files come in groups of 25, like
/// the folders of one feature of an app: the ML.NET part (data classes, a model store, two trainers that seed their
/// context and evaluate on the test split, two scorers that build their engine once) and mostly plain code (DTOs,
/// LINQ reports, string handling, async I/O, helpers). Two files of each group have a smell, rotating over four kinds
/// whose diagnostics are counted (1 to 3 each: about 1.75 diagnostics per smelly file, 2 per 1,000 lines); every other
/// file must get no diagnostic at all.
/// </summary>
/// <remarks>
/// A file only refers to files before it in its group (the data classes and the model store come first), so any file
/// count compiles. Every trainer tunes its trainer differently (its own iteration count), so no two build the same
/// chain (MLOPS204).
/// </remarks>
public static class RealisticProjectGenerator
{
    public const int GroupSize = 25;

    private enum Kind { Data, Store, RegressionTrainer, PriceScorer, ChurnTrainer, ChurnScorer, Smelly, Dto, Linq, Strings, AsyncIo, Helpers }

    /// <summary>The files of one group, in order (dependencies first): 8 ML.NET files, two of them smelly, 17 plain ones.</summary>
    private static readonly Kind[] Group =
    [
        Kind.Data, Kind.Store, Kind.RegressionTrainer, Kind.PriceScorer, Kind.Dto, Kind.Linq, Kind.Strings, Kind.AsyncIo,
        Kind.Helpers, Kind.ChurnTrainer, Kind.ChurnScorer, Kind.Dto, Kind.Smelly, Kind.Linq, Kind.Strings, Kind.AsyncIo,
        Kind.Helpers, Kind.Dto, Kind.Linq, Kind.Strings, Kind.AsyncIo, Kind.Smelly, Kind.Dto, Kind.Linq, Kind.Strings,
    ];

    /// <summary>The smells, taken in turn by the smelly files, and the diagnostics each produces.</summary>
    private static readonly (string Name, Func<int, int, string> Write, (string Id, int Count)[] Expected)[] Smells =
    [
        ("UnseededTrainer", UnseededTrainer, [("MLOPS301", 1), ("MLOPS302", 1)]),
        ("EvaluatedOnTrainingData", EvaluatedOnTrainingData, [("MLOPS401", 1)]),
        ("CarelessSave", CarelessSave, [("MLOPS104", 1), ("MLOPS103", 1), ("MLOPS303", 1)]),
        ("EnginePerPrediction", EnginePerPrediction, [("MLOPS502", 1)]),
    ];

    public static GeneratedProject Generate(int fileCount)
    {
        var files = ImmutableArray.CreateBuilder<(string, string)>(fileCount);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var smellyFiles = 0;
        for (var i = 0; i < fileCount; i++)
        {
            var g = i / GroupSize;
            var kind = Group[i % GroupSize];
            if (kind == Kind.Smelly)
            {
                var smell = Smells[smellyFiles++ % Smells.Length];
                files.Add(($"Smelly{i}_{smell.Name}.cs", smell.Write(g, i)));
                foreach (var (id, count) in smell.Expected)
                {
                    expected[id] = expected.GetValueOrDefault(id) + count;
                }

                continue;
            }

            files.Add(($"{GeneratedProject.CleanPrefix}{i}_{kind}.cs", kind switch
            {
                Kind.Data => Data(g),
                Kind.Store => Store(g),
                Kind.RegressionTrainer => RegressionTrainer(g, i),
                Kind.PriceScorer => PriceScorer(g, i),
                Kind.ChurnTrainer => ChurnTrainer(g, i),
                Kind.ChurnScorer => ChurnScorer(g, i),
                Kind.Dto => Dto(g, i),
                Kind.Linq => Linq(g, i),
                Kind.Strings => Strings(g, i),
                Kind.AsyncIo => AsyncIo(g, i),
                _ => Helpers(g, i),
            }));
        }

        return new GeneratedProject(files.MoveToImmutable(), expected.ToImmutableDictionary());
    }

    private const string MlUsings = """
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        """;

    private const string PlainUsings = """
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static string Data(int g) => MlUsings + $$"""
        namespace Generated.App{{g}};

        {{ProjectGenerator.HouseTypes(g)}}

        public sealed class Customer{{g}}
        {
            [LoadColumn(0)] public float Tenure { get; set; }
            [LoadColumn(1)] public float MonthlyCharges { get; set; }
            [LoadColumn(2)] public float SupportCalls { get; set; }
            [LoadColumn(3)] public string Contract { get; set; } = "";
            [LoadColumn(4)] public bool Churned { get; set; }
        }

        public sealed class ChurnPrediction{{g}}
        {
            [ColumnName("PredictedLabel")] public bool Churned { get; set; }
            public float Probability { get; set; }
            public float Score { get; set; }
        }

        /// <summary>What is written next to every saved model.</summary>
        public sealed record ModelMetadata{{g}}(string Name, int Version, int Seed, double Metric, DateTime TrainedAt, string DataPath);

        """;

    private static string Store(int g) => MlUsings + $$"""
        namespace Generated.App{{g}};

        /// <summary>A small model registry: numbered versions of each named model under a configured root folder.</summary>
        public sealed class ModelStore{{g}}
        {
            private readonly string _root;
            private readonly MLContext _ml = new MLContext(seed: {{g}});
            private readonly object _gate = new();

            public ModelStore{{g}}(string root) => _root = root ?? throw new ArgumentNullException(nameof(root));

            public string PathOf(string name, int version)
                => Path.Combine(_root, name, version.ToString(CultureInfo.InvariantCulture), "model.zip");

            public IReadOnlyList<int> Versions(string name)
            {
                var folder = Path.Combine(_root, name);
                if (!Directory.Exists(folder))
                {
                    return Array.Empty<int>();
                }

                return Directory.GetDirectories(folder)
                    .Select(Path.GetFileName)
                    .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
                    .Where(v => v >= 0)
                    .OrderBy(v => v)
                    .ToList();
            }

            public int Latest(string name) => Versions(name).DefaultIfEmpty(0).Max();

            public int Register(string name, ITransformer model, DataViewSchema inputSchema, ModelMetadata{{g}} metadata)
            {
                lock (_gate)
                {
                    var version = Latest(name) + 1;
                    var path = PathOf(name, version);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    _ml.Model.Save(model, inputSchema, path);
                    File.WriteAllText(path + ".metadata.json", JsonSerializer.Serialize(metadata with { Version = version }));
                    return version;
                }
            }

            public ITransformer Load(string name, int version, out DataViewSchema inputSchema)
                => _ml.Model.Load(PathOf(name, version), out inputSchema);

            public ModelMetadata{{g}}? ReadMetadata(string name, int version)
            {
                var path = PathOf(name, version) + ".metadata.json";
                return File.Exists(path) ? JsonSerializer.Deserialize<ModelMetadata{{g}}>(File.ReadAllText(path)) : null;
            }
        }

        """;

    private static string RegressionTrainer(int g, int i) => MlUsings + $$"""
        namespace Generated.App{{g}};

        /// <summary>Trains the price model of feature {{i}} and registers it with its metrics.</summary>
        public sealed class PriceTrainer{{i}}
        {
            private const int Seed = {{i}};
            private readonly MLContext _ml = new MLContext(seed: Seed);
            private readonly ModelStore{{g}} _store;

            public PriceTrainer{{i}}(ModelStore{{g}} store) => _store = store;

            public RegressionMetrics Train(string dataPath)
            {
                IDataView data = _ml.Data.LoadFromTextFile<House{{g}}>(dataPath, hasHeader: true, separatorChar: ',');
                var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);

                var pipeline = _ml.Transforms.Categorical.OneHotEncoding("CityEncoded", nameof(House{{g}}.City))
                    .Append(_ml.Transforms.Concatenate("Features", nameof(House{{g}}.Size), nameof(House{{g}}.Rooms), nameof(House{{g}}.Age), "CityEncoded"))
                    .Append(_ml.Transforms.NormalizeMinMax("Features"))
                    .Append(_ml.Regression.Trainers.Sdca(labelColumnName: nameof(House{{g}}.Price), maximumNumberOfIterations: {{100 + i}}));
                var model = pipeline.Fit(split.TrainSet);

                var metrics = _ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(House{{g}}.Price));
                _store.Register("price", model, data.Schema, new ModelMetadata{{g}}("price", 0, Seed, metrics.RSquared, DateTime.UtcNow, dataPath));
                return metrics;
            }
        }

        """;

    private static string ChurnTrainer(int g, int i) => MlUsings + $$"""
        namespace Generated.App{{g}};

        /// <summary>Trains the churn classifier of feature {{i}}, evaluated on held-out customers.</summary>
        public sealed class ChurnTrainer{{i}}
        {
            private readonly MLContext _ml;
            private readonly ModelStore{{g}} _store;
            private readonly int _seed;

            public ChurnTrainer{{i}}(ModelStore{{g}} store, int seed)
            {
                _store = store;
                _seed = seed;
                _ml = new MLContext(seed);
            }

            public CalibratedBinaryClassificationMetrics Train(string dataPath)
            {
                IDataView data = _ml.Data.LoadFromTextFile<Customer{{g}}>(dataPath, hasHeader: true, separatorChar: ',');
                var split = _ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: _seed);

                var pipeline = _ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", nameof(Customer{{g}}.Contract))
                    .Append(_ml.Transforms.Concatenate("Features", nameof(Customer{{g}}.Tenure), nameof(Customer{{g}}.MonthlyCharges), nameof(Customer{{g}}.SupportCalls), "ContractEncoded"))
                    .Append(_ml.Transforms.NormalizeMeanVariance("Features"))
                    .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(Customer{{g}}.Churned), maximumNumberOfIterations: {{50 + i}}));
                var model = pipeline.Fit(split.TrainSet);

                var metrics = _ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(Customer{{g}}.Churned));
                if (metrics.AreaUnderRocCurve < 0.6)
                {
                    throw new InvalidOperationException($"Churn model too weak: AUC {metrics.AreaUnderRocCurve:F3}.");
                }

                _store.Register("churn", model, data.Schema, new ModelMetadata{{g}}("churn", 0, _seed, metrics.AreaUnderRocCurve, DateTime.UtcNow, dataPath));
                return metrics;
            }
        }

        """;

    private static string PriceScorer(int g, int i) => MlUsings + $$"""
        namespace Generated.App{{g}};

        public sealed record PriceRequest{{i}}(float Size, float Rooms, float Age, string City);

        public sealed record PriceResponse{{i}}(float Price, int ModelVersion);

        /// <summary>The price endpoint's handler: one engine, built when the handler is, used under a lock.</summary>
        public sealed class PriceScorer{{i}} : IDisposable
        {
            private readonly PredictionEngine<House{{g}}, PricePrediction{{g}}> _engine;
            private readonly object _gate = new();
            private readonly int _version;

            public PriceScorer{{i}}(ModelStore{{g}} store)
            {
                var ml = new MLContext(seed: 1);
                _version = store.Latest("price");
                var model = store.Load("price", _version, out var schema);
                _engine = ml.Model.CreatePredictionEngine<House{{g}}, PricePrediction{{g}}>(model, inputSchema: schema);
            }

            public Task<PriceResponse{{i}}> HandleAsync(PriceRequest{{i}} request, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (request.Size <= 0 || string.IsNullOrWhiteSpace(request.City))
                {
                    throw new ArgumentException("Size and city are required.", nameof(request));
                }

                var house = new House{{g}} { Size = request.Size, Rooms = request.Rooms, Age = request.Age, City = request.City.Trim() };
                float price;
                lock (_gate)
                {
                    price = _engine.Predict(house).Price;
                }

                return Task.FromResult(new PriceResponse{{i}}(MathF.Round(price, 2), _version));
            }

            public void Dispose() => _engine.Dispose();
        }

        """;

    private static string ChurnScorer(int g, int i) => MlUsings + $$"""
        namespace Generated.App{{g}};

        public sealed record ChurnRisk{{i}}(string CustomerId, float Probability, bool AtRisk);

        /// <summary>Scores a batch of customers for the retention campaign, with an engine built once per scorer.</summary>
        public sealed class ChurnScorer{{i}}
        {
            private readonly PredictionEngine<Customer{{g}}, ChurnPrediction{{g}}> _engine;
            private readonly float _threshold;

            public ChurnScorer{{i}}(ModelStore{{g}} store, float threshold = 0.5f)
            {
                var ml = new MLContext(seed: 2);
                var model = store.Load("churn", store.Latest("churn"), out var schema);
                _engine = ml.Model.CreatePredictionEngine<Customer{{g}}, ChurnPrediction{{g}}>(model, inputSchema: schema);
                _threshold = threshold;
            }

            public IReadOnlyList<ChurnRisk{{i}}> Score(IEnumerable<KeyValuePair<string, Customer{{g}}>> customers)
            {
                var risks = new List<ChurnRisk{{i}}>();
                foreach (var (id, customer) in customers)
                {
                    var prediction = _engine.Predict(customer);
                    risks.Add(new ChurnRisk{{i}}(id, prediction.Probability, prediction.Probability >= _threshold));
                }

                return risks.OrderByDescending(r => r.Probability).ToList();
            }
        }

        """;

    /// <summary>MLOPS301 (the context trains without a seed) and MLOPS302 (so does the split).</summary>
    private static string UnseededTrainer(int g, int i) => MlUsings + $$"""
        namespace Generated.App{{g}};

        public sealed class QuickPriceExperiment{{i}}
        {
            private readonly MLContext _ml = new MLContext();
            private readonly ModelStore{{g}} _store;

            public QuickPriceExperiment{{i}}(ModelStore{{g}} store) => _store = store;

            public double Run(string dataPath)
            {
                IDataView data = _ml.Data.LoadFromTextFile<House{{g}}>(dataPath, hasHeader: true, separatorChar: ',');
                var split = _ml.Data.TrainTestSplit(data, testFraction: 0.3);
                var pipeline = _ml.Transforms.Concatenate("Features", nameof(House{{g}}.Size), nameof(House{{g}}.Rooms))
                    .Append(_ml.Transforms.NormalizeMinMax("Features"))
                    .Append(_ml.Regression.Trainers.Sdca(labelColumnName: nameof(House{{g}}.Price), maximumNumberOfIterations: {{100 + i}}));
                var model = pipeline.Fit(split.TrainSet);
                var metrics = _ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(House{{g}}.Price));
                _store.Register("price-quick", model, data.Schema, new ModelMetadata{{g}}("price-quick", 0, 0, metrics.RSquared, DateTime.UtcNow, dataPath));
                return metrics.RSquared;
            }
        }

        """;

    /// <summary>MLOPS401: the metrics come from the rows the model was fitted on.</summary>
    private static string EvaluatedOnTrainingData(int g, int i) => MlUsings + $$"""
        namespace Generated.App{{g}};

        public sealed class RetrainJob{{i}}
        {
            private readonly MLContext _ml = new MLContext(seed: {{i}});
            private readonly ModelStore{{g}} _store;

            public RetrainJob{{i}}(ModelStore{{g}} store) => _store = store;

            public RegressionMetrics Retrain(string dataPath)
            {
                IDataView data = _ml.Data.LoadFromTextFile<House{{g}}>(dataPath, hasHeader: true, separatorChar: ',');
                var pipeline = _ml.Transforms.Concatenate("Features", nameof(House{{g}}.Size), nameof(House{{g}}.Rooms), nameof(House{{g}}.Age))
                    .Append(_ml.Transforms.NormalizeMinMax("Features"))
                    .Append(_ml.Regression.Trainers.Sdca(labelColumnName: nameof(House{{g}}.Price), maximumNumberOfIterations: {{100 + i}}));
                var model = pipeline.Fit(data);
                var metrics = _ml.Regression.Evaluate(model.Transform(data), labelColumnName: nameof(House{{g}}.Price));
                _store.Register("price-retrained", model, data.Schema, new ModelMetadata{{g}}("price-retrained", 0, {{i}}, metrics.RSquared, DateTime.UtcNow, dataPath));
                return metrics;
            }
        }

        """;

    /// <summary>MLOPS303 (training data from a developer's machine), MLOPS104 (no schema) and MLOPS103 (nothing recorded).</summary>
    private static string CarelessSave(int g, int i) => MlUsings + $$"""
        namespace Generated.App{{g}};

        public sealed class LocalTrainer{{i}}
        {
            private readonly MLContext _ml = new MLContext(seed: {{i}});

            public RegressionMetrics TrainAndSave(string modelPath)
            {
                IDataView data = _ml.Data.LoadFromTextFile<House{{g}}>(@"C:\Users\dev\Downloads\houses.csv", hasHeader: true, separatorChar: ',');
                var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: {{i}});
                var pipeline = _ml.Transforms.Concatenate("Features", nameof(House{{g}}.Size), nameof(House{{g}}.Age))
                    .Append(_ml.Transforms.NormalizeMinMax("Features"))
                    .Append(_ml.Regression.Trainers.Sdca(labelColumnName: nameof(House{{g}}.Price), maximumNumberOfIterations: {{100 + i}}));
                var model = pipeline.Fit(split.TrainSet);
                var metrics = _ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(House{{g}}.Price));
                _ml.Model.Save(model, null, modelPath);
                return metrics;
            }
        }

        """;

    /// <summary>MLOPS502: a prediction engine built for every request.</summary>
    private static string EnginePerPrediction(int g, int i) => MlUsings + $$"""
        namespace Generated.App{{g}};

        public sealed class NaivePriceScorer{{i}}
        {
            private readonly MLContext _ml = new MLContext(seed: 3);
            private readonly ITransformer _model;

            public NaivePriceScorer{{i}}(ModelStore{{g}} store) => _model = store.Load("price", store.Latest("price"), out _);

            public float Score(House{{g}} house)
            {
                var engine = _ml.Model.CreatePredictionEngine<House{{g}}, PricePrediction{{g}}>(_model);
                return engine.Predict(house).Price;
            }
        }

        """;

    private static string Dto(int g, int i) => PlainUsings + $$"""
        namespace Generated.App{{g}};

        public enum OrderStatus{{i}} { Pending, Paid, Shipped, Cancelled }

        public sealed record Address{{i}}(string Street, string City, string PostalCode, string Country)
        {
            public override string ToString() => $"{Street}, {PostalCode} {City}, {Country}";
        }

        public sealed record OrderLine{{i}}(string Sku, int Quantity, decimal UnitPrice)
        {
            public decimal Total => Quantity * UnitPrice;
        }

        /// <summary>An order as the API returns it.</summary>
        public sealed class OrderDto{{i}}
        {
            public Guid Id { get; init; } = Guid.NewGuid();
            public string CustomerName { get; init; } = "";
            public Address{{i}}? ShippingAddress { get; init; }
            public OrderStatus{{i}} Status { get; set; } = OrderStatus{{i}}.Pending;
            public List<OrderLine{{i}}> Lines { get; } = new();
            public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

            public decimal Total => Lines.Sum(l => l.Total);

            public IEnumerable<string> Validate()
            {
                if (string.IsNullOrWhiteSpace(CustomerName))
                {
                    yield return "Customer name is required.";
                }

                if (Lines.Count == 0)
                {
                    yield return "An order needs at least one line.";
                }

                foreach (var line in Lines.Where(l => l.Quantity <= 0 || l.UnitPrice < 0))
                {
                    yield return $"Line {line.Sku} has an invalid quantity or price.";
                }
            }

            public OrderDto{{i}} WithStatus(OrderStatus{{i}} status)
            {
                var copy = new OrderDto{{i}} { Id = Id, CustomerName = CustomerName, ShippingAddress = ShippingAddress, Status = status, CreatedAt = CreatedAt };
                copy.Lines.AddRange(Lines);
                return copy;
            }
        }

        """;

    private static string Linq(int g, int i) => PlainUsings + $$"""
        namespace Generated.App{{g}};

        public sealed record Sale{{i}}(string Region, string Product, DateTime Date, int Units, decimal Revenue);

        public sealed record RegionSummary{{i}}(string Region, int Units, decimal Revenue, string TopProduct);

        /// <summary>The monthly sales report.</summary>
        public static class SalesReport{{i}}
        {
            public static IReadOnlyList<RegionSummary{{i}}> ByRegion(IEnumerable<Sale{{i}}> sales, int year, int month)
                => sales
                    .Where(s => s.Date.Year == year && s.Date.Month == month && s.Units > 0)
                    .GroupBy(s => s.Region, StringComparer.OrdinalIgnoreCase)
                    .Select(g => new RegionSummary{{i}}(
                        g.Key,
                        g.Sum(s => s.Units),
                        g.Sum(s => s.Revenue),
                        g.GroupBy(s => s.Product).OrderByDescending(p => p.Sum(s => s.Revenue)).First().Key))
                    .OrderByDescending(r => r.Revenue)
                    .ThenBy(r => r.Region, StringComparer.Ordinal)
                    .ToList();

            public static Dictionary<string, decimal> MonthOverMonth(IReadOnlyCollection<Sale{{i}}> sales)
            {
                var byMonth = sales
                    .GroupBy(s => new DateTime(s.Date.Year, s.Date.Month, 1))
                    .OrderBy(g => g.Key)
                    .Select(g => (Month: g.Key, Revenue: g.Sum(s => s.Revenue)))
                    .ToList();
                return byMonth.Zip(byMonth.Skip(1), (previous, current) => (current.Month, Change: previous.Revenue == 0 ? 0 : (current.Revenue - previous.Revenue) / previous.Revenue))
                    .ToDictionary(x => x.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), x => Math.Round(x.Change * 100, 1));
            }

            public static IEnumerable<(string Product, int Rank)> TopProducts(IEnumerable<Sale{{i}}> sales, int count = {{3 + i % 5}})
                => sales.GroupBy(s => s.Product)
                    .Select(g => (Product: g.Key, Units: g.Sum(s => s.Units)))
                    .OrderByDescending(p => p.Units)
                    .Take(count)
                    .Select((p, index) => (p.Product, index + 1));
        }

        """;

    private static string Strings(int g, int i) => PlainUsings + $$"""
        namespace Generated.App{{g}};

        /// <summary>Text helpers for the import screens.</summary>
        public static class TextTools{{i}}
        {
            public static string Slugify(string title)
            {
                var builder = new StringBuilder(title.Length);
                var dash = false;
                foreach (var c in title.Trim().ToLowerInvariant())
                {
                    if (char.IsLetterOrDigit(c))
                    {
                        builder.Append(c);
                        dash = false;
                    }
                    else if (!dash && builder.Length > 0)
                    {
                        builder.Append('-');
                        dash = true;
                    }
                }

                return builder.ToString().TrimEnd('-');
            }

            public static IReadOnlyList<string> SplitCsvLine(string line, char separator = ',')
            {
                var fields = new List<string>();
                var current = new StringBuilder();
                var quoted = false;
                for (var k = 0; k < line.Length; k++)
                {
                    var c = line[k];
                    if (c == '"' && quoted && k + 1 < line.Length && line[k + 1] == '"')
                    {
                        current.Append('"');
                        k++;
                    }
                    else if (c == '"')
                    {
                        quoted = !quoted;
                    }
                    else if (c == separator && !quoted)
                    {
                        fields.Add(current.ToString());
                        current.Clear();
                    }
                    else
                    {
                        current.Append(c);
                    }
                }

                fields.Add(current.ToString());
                return fields;
            }

            public static string Truncate(string text, int max = {{40 + i % 20}})
                => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

            public static string Initials(string fullName)
                => string.Join("", fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => char.ToUpperInvariant(p[0])));

            public static string FormatAmount(decimal amount, string currency)
                => string.Format(CultureInfo.InvariantCulture, "{0:N2} {1}", amount, currency.ToUpperInvariant());
        }

        """;

    private static string AsyncIo(int g, int i) => PlainUsings + $$"""
        namespace Generated.App{{g}};

        public sealed record ImportResult{{i}}(int Read, int Skipped, TimeSpan Elapsed);

        /// <summary>Imports and exports the settings and the audit log of feature {{i}}.</summary>
        public sealed class FileJobs{{i}}
        {
            private readonly string _folder;

            public FileJobs{{i}}(string folder) => _folder = folder;

            public async Task<ImportResult{{i}}> ImportAsync(string fileName, Func<string, Task> handle, CancellationToken cancellationToken)
            {
                var started = DateTime.UtcNow;
                int read = 0, skipped = 0;
                using var reader = new StreamReader(Path.Combine(_folder, fileName), Encoding.UTF8);
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    if (line.Length == 0 || line.StartsWith('#'))
                    {
                        skipped++;
                        continue;
                    }

                    await handle(line).ConfigureAwait(false);
                    read++;
                }

                return new ImportResult{{i}}(read, skipped, DateTime.UtcNow - started);
            }

            public async Task SaveSettingsAsync<T>(T settings, CancellationToken cancellationToken)
            {
                var path = Path.Combine(_folder, "settings.{{i}}.json");
                await using var stream = File.Create(path + ".tmp");
                await JsonSerializer.SerializeAsync(stream, settings, cancellationToken: cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            public async Task<T?> LoadSettingsAsync<T>(CancellationToken cancellationToken)
            {
                var path = Path.Combine(_folder, "settings.{{i}}.json");
                if (!File.Exists(path))
                {
                    return default;
                }

                await using var stream = File.OpenRead(path);
                return await JsonSerializer.DeserializeAsync<T>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            public Task AppendAuditAsync(string user, string action, CancellationToken cancellationToken)
                => File.AppendAllTextAsync(
                    Path.Combine(_folder, "audit.log"),
                    $"{DateTime.UtcNow:O}\t{user}\t{action}{Environment.NewLine}",
                    cancellationToken);
        }

        """;

    private static string Helpers(int g, int i) => PlainUsings + $$"""
        namespace Generated.App{{g}};

        /// <summary>Small shared helpers: guard clauses, retries, a cache.</summary>
        public static class Guard{{i}}
        {
            public static T NotNull<T>(T? value, string name) where T : class => value ?? throw new ArgumentNullException(name);

            public static int InRange(int value, int min, int max, string name)
                => value < min || value > max ? throw new ArgumentOutOfRangeException(name, value, $"Expected {min}..{max}.") : value;
        }

        public static class Retry{{i}}
        {
            public static async Task<T> WithBackoffAsync<T>(Func<CancellationToken, Task<T>> action, int attempts = {{3 + i % 3}}, CancellationToken cancellationToken = default)
            {
                var delay = TimeSpan.FromMilliseconds(100);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await action(cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException) when (attempt < attempts)
                    {
                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                        delay *= 2;
                    }
                }
            }
        }

        public sealed class ExpiringCache{{i}}<TKey, TValue> where TKey : notnull
        {
            private readonly Dictionary<TKey, (TValue Value, DateTime Expires)> _entries = new();
            private readonly TimeSpan _lifetime;
            private readonly object _gate = new();

            public ExpiringCache{{i}}(TimeSpan lifetime) => _lifetime = lifetime;

            public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
            {
                lock (_gate)
                {
                    if (_entries.TryGetValue(key, out var entry) && entry.Expires > DateTime.UtcNow)
                    {
                        return entry.Value;
                    }

                    var value = create(key);
                    _entries[key] = (value, DateTime.UtcNow + _lifetime);
                    return value;
                }
            }

            public int Purge()
            {
                lock (_gate)
                {
                    var expired = _entries.Where(e => e.Value.Expires <= DateTime.UtcNow).Select(e => e.Key).ToList();
                    expired.ForEach(k => _entries.Remove(k));
                    return expired.Count;
                }
            }
        }

        """;
}
