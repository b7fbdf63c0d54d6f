using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Storage;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Stores.Tests;

/// <summary>
/// The README's store figures, measured on the three stores (a local folder, Azurite, s3rver, all on this machine):
/// register/load latency of a 1 MB and a 50 MB model, and how ListVersions and ListRuns scale.
/// Run: <c>dotnet run -c Release --project tests/MlopsAnalyzers.Abstractions.Stores.Tests -- measure [--quick]</c>;
/// <c>MLOPS_MEASURE_STORES</c> (folder,Azurite,s3rver) and <c>MLOPS_MEASURE_PARTS</c> (models,versions,runs) narrow it.
/// Versions and runs are written directly in the registry's and tracker's layout (copies of a real version's metadata
/// and a real run's line), which is what registering them would leave, only faster to set up.
/// </summary>
internal static class Measurements
{
    public static int Run(bool quick)
    {
        var parts = Environment.GetEnvironmentVariable("MLOPS_MEASURE_PARTS") ?? "models,versions,runs";
        using var servers = new StoreServers();
        var folder = Path.Combine(Path.GetTempPath(), "mlops-measure-" + Guid.NewGuid().ToString("N"));
        try
        {
            var only = Environment.GetEnvironmentVariable("MLOPS_MEASURE_STORES");
            var stores = new (string Name, Func<string> Root)[]
            {
                ("folder", () => Path.Combine(folder, Guid.NewGuid().ToString("N"))),
                ("Azurite", servers.NewAzureRoot),
                ("s3rver", servers.NewS3Root),
            }.Where(s => string.IsNullOrEmpty(only) || only!.Split(',').Contains(s.Name)).ToArray();
            Console.WriteLine($"{RuntimeDescription()}; all servers on 127.0.0.1 of this machine");
            if (parts.Contains("models"))
            {
                MeasureModels(stores, quick);
            }

            if (parts.Contains("versions"))
            {
                MeasureListVersions(stores, quick ? new[] { 100, 1_000 } : new[] { 100, 1_000, 10_000 });
            }

            if (parts.Contains("runs"))
            {
                MeasureListRuns(stores, quick ? new[] { 1_000, 10_000 } : new[] { 1_000, 10_000, 100_000 });
            }

            return 0;
        }
        catch (Exception)
        {
            Console.Error.WriteLine(servers.ServerOutput.Length > 20_000 ? servers.ServerOutput.Substring(servers.ServerOutput.Length - 20_000) : servers.ServerOutput);
            throw;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void MeasureModels((string Name, Func<string> Root)[] stores, bool quick)
    {
        Console.WriteLine();
        Console.WriteLine("| store | model | register (median) | load (median) | runs |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var megabytes in quick ? new[] { 1 } : new[] { 1, 50 })
        {
            var (ml, model, schema, size) = ModelOfSize(megabytes);
            var repetitions = megabytes > 10 ? 3 : 7;

            // What any store pays: ML.NET writing the model to memory and reading it back.
            var save = new List<double>();
            var read = new List<double>();
            for (var i = 0; i < repetitions; i++)
            {
                var clock = Stopwatch.StartNew();
                var bytes = SaveToMemory(ml, model, schema);
                save.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                using var stream = new MemoryStream(bytes, writable: false);
                ml.Model.Load(stream, out _);
                read.Add(clock.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"| ML.NET alone (memory) | {size / 1e6:0.0} MB | {Median(save):0} ms | {Median(read):0} ms | {repetitions} |");
            foreach (var (name, root) in stores)
            {
                var registry = ModelRegistry.Open(root(), new ObjectStoreOptions { SingleWriter = name == "s3rver" });
                registry.Register(ml, "warm-up", model, schema);
                registry.Load(ml, "warm-up", "1", out _);
                var register = new List<double>();
                var load = new List<double>();
                for (var i = 0; i < repetitions; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var version = registry.Register(ml, "m", model, schema).Version;
                    register.Add(clock.Elapsed.TotalMilliseconds);
                    clock.Restart();
                    registry.Load(ml, "m", version.ToString(CultureInfo.InvariantCulture), out _);
                    load.Add(clock.Elapsed.TotalMilliseconds);
                }

                Console.WriteLine($"| {name} | {size / 1e6:0.0} MB | {Median(register):0} ms | {Median(load):0} ms | {repetitions} |");
            }
        }
    }

    private static void MeasureListVersions((string Name, Func<string> Root)[] stores, int[] counts)
    {
        Console.WriteLine();
        Console.WriteLine("| store | versions | ListVersions | GetVersion(latest) |");
        Console.WriteLine("|---|---|---|---|");
        var (ml, model, data) = MlopsAnalyzers.Abstractions.Tests.Registry.Models.Train();
        foreach (var (name, rootOf) in stores)
        {
            var root = rootOf();
            var registry = ModelRegistry.Open(root, new ObjectStoreOptions { SingleWriter = name == "s3rver" });
            registry.Register(ml, "m", model, data.Schema);
            var populated = 1;
            foreach (var count in counts)
            {
                Populate(registry, root, populated + 1, count);
                populated = count;
                registry.ListVersions("m");
                var clock = Stopwatch.StartNew();
                var listed = registry.ListVersions("m").Count;
                var list = clock.Elapsed;
                clock.Restart();
                var latest = registry.GetVersion("m", ModelAliases.Latest).Version;
                var get = clock.Elapsed;
                if (listed != count || latest != count)
                {
                    throw new InvalidOperationException($"{name}: listed {listed} and latest {latest}, expected {count}");
                }

                Console.WriteLine($"| {name} | {count:N0} | {Format(list)} | {Format(get)} |");
            }
        }
    }

    /// <summary>Versions <paramref name="from"/>..<paramref name="to"/> as a registration leaves them: a claim, the model, the metadata.</summary>
    private static void Populate(IModelRegistry registry, string root, int from, int to)
    {
        if (registry is FileModelRegistry file)
        {
            var first = Path.Combine(file.RootDirectory, "m", "1");
            var metadata = File.ReadAllText(Path.Combine(first, FileModelRegistry.MetadataFileName));
            var zip = File.ReadAllBytes(Path.Combine(first, FileModelRegistry.ModelFileName));
            Parallel.For(from, to + 1, v =>
            {
                var directory = Path.Combine(file.RootDirectory, "m", v.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(directory);
                File.WriteAllBytes(Path.Combine(directory, FileModelRegistry.ModelFileName), zip);
                File.WriteAllText(Path.Combine(directory, FileModelRegistry.MetadataFileName), WithVersion(metadata, v));
            });
            return;
        }

        var store = ((ObjectStoreModelRegistry)registry).Store;
        var text = Encoding.UTF8.GetString(store.ReadAsync("m/1/metadata.json", default).GetAwaiter().GetResult()!.Content);
        var model = store.ReadAsync("m/1/model.zip", default).GetAwaiter().GetResult()!.Content;
        ForEachParallel(Enumerable.Range(from, to - from + 1), async v =>
        {
            var prefix = "m/" + v.ToString(CultureInfo.InvariantCulture) + "/";
            await store.PutAsync(prefix + ".claim", new byte[] { 1 }, default);
            await store.PutAsync(prefix + FileModelRegistry.ModelFileName, model, default);
            await store.PutAsync(prefix + FileModelRegistry.MetadataFileName, Encoding.UTF8.GetBytes(WithVersion(text, v)), default);
        });
    }

    private static string WithVersion(string metadata, int version)
        => System.Text.RegularExpressions.Regex.Replace(metadata, "\"version\": 1,", "\"version\": " + version.ToString(CultureInfo.InvariantCulture) + ",");

    private static void MeasureListRuns((string Name, Func<string> Root)[] stores, int[] counts)
    {
        Console.WriteLine();
        Console.WriteLine("| store | runs | ListRuns, first read | ListRuns, next reads | allocated (next read) | GetBestRun |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, rootOf) in stores)
        {
            var root = rootOf();
            var tracker = ExperimentTracker.Open(root);
            var template = tracker.StartRun("e").LogParameter("trainer", "Sdca").LogMetric("RSquared", 0.5).LogMetric("MeanAbsoluteError", 12.5).End();
            var populated = 1;
            foreach (var count in counts)
            {
                PopulateRuns(tracker, template, populated, count);
                populated = count;
                var fresh = ExperimentTracker.Open(root);
                var clock = Stopwatch.StartNew();
                var listed = fresh.ListRuns("e").Count;
                var first = clock.Elapsed;
                GC.Collect();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                clock.Restart();
                fresh.ListRuns("e");
                var next = clock.Elapsed;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                clock.Restart();
                fresh.GetBestRun("e", "RSquared", MetricGoal.Maximize);
                var best = clock.Elapsed;
                if (listed != count)
                {
                    throw new InvalidOperationException($"{name}: listed {listed} runs, expected {count}");
                }

                Console.WriteLine($"| {name} | {count:N0} | {Format(first)} | {Format(next)} | {allocated / 1e6:0} MB | {Format(best)} |");
            }
        }
    }

    /// <summary>Runs <paramref name="from"/>..<paramref name="to"/>-1 more, copies of <paramref name="template"/> with their own IDs and times.</summary>
    private static void PopulateRuns(IExperimentTracker tracker, RunRecord template, int from, int to)
    {
        var runs = Enumerable.Range(from, to - from).Select(i => new RunRecord(
            Guid.NewGuid().ToString("N"), template.Experiment, null, RunStatus.Finished,
            template.StartTime.AddMilliseconds(i), template.EndTime.AddMilliseconds(i),
            template.Parameters, new Dictionary<string, double> { ["RSquared"] = i / (double)to, ["MeanAbsoluteError"] = i }, null, null)).ToList();
        if (tracker is FileExperimentTracker file)
        {
            // One append per run is what writers do; for the measurement the lines are written in one go.
            var path = file.GetExperimentFilePath(template.Experiment);
            var line = File.ReadAllLines(path)[0];
            using var writer = new StreamWriter(path, append: true, new UTF8Encoding(false));
            foreach (var run in runs)
            {
                writer.Write(line.Replace(template.RunId, run.RunId) + "\n");
            }

            return;
        }

        var store = (ObjectStoreExperimentTracker)tracker;
        ForEachParallel(runs, run => store.AppendRunAsync(run));
    }

    private static void ForEachParallel<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        using var gate = new SemaphoreSlim(32);
        Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                gate.Release();
            }
        })).GetAwaiter().GetResult();
    }

    /// <summary>A model whose file is about <paramref name="megabytes"/> MB: a key mapping of as many distinct random strings.</summary>
    private static (MLContext Ml, ITransformer Model, DataViewSchema Schema, long Size) ModelOfSize(int megabytes)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        var count = megabytes * 16_500;
        var rows = Enumerable.Range(0, count).Select(_ => new Row { Text = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + random.Next() }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Key", nameof(Row.Text)).Fit(data);
        return (ml, model, data.Schema, SaveToMemory(ml, model, data.Schema).LongLength);
    }

    private static byte[] SaveToMemory(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        return stream.ToArray();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Format(TimeSpan elapsed)
        => elapsed.TotalSeconds >= 1 ? $"{elapsed.TotalSeconds:0.0} s" : $"{elapsed.TotalMilliseconds:0} ms";

    private static string RuntimeDescription()
        => $".NET {Environment.Version}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private sealed class Row
    {
        public string Text { get; set; } = "";
    }
}
