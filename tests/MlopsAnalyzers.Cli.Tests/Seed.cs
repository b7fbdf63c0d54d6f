using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Storage;
using MlopsAnalyzers.Abstractions.Tests.Registry;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary>A folder for one test: a registry and a tracker (in it, or at object-store roots), and files the tool writes.</summary>
public sealed class Workspace : IDisposable
{
    public Workspace(string? registryRoot = null, string? trackingRoot = null, bool singleWriter = false)
    {
        SingleWriter = singleWriter;
        Directory = Path.Combine(Path.GetTempPath(), "mlops-cli-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        RegistryRoot = registryRoot ?? Path.Combine(Directory, "registry");
        TrackingRoot = trackingRoot ?? Path.Combine(Directory, "experiments");
        Registry = ModelRegistry.Open(RegistryRoot, new ObjectStoreOptions { SingleWriter = singleWriter });
        Tracker = ExperimentTracker.Open(TrackingRoot);
    }

    public string Directory { get; }

    /// <summary>s3rver ignores create-only writes, so its registries are written as the only writer (the tool with --single-writer).</summary>
    public bool SingleWriter { get; }

    public string RegistryRoot { get; }

    public string TrackingRoot { get; }

    public IAsyncModelRegistry Registry { get; }

    public IExperimentTracker Tracker { get; }

    /// <summary>Runs mlops in this folder with this workspace's roots.</summary>
    public MlopsResult Run(params string[] arguments)
        => Mlops.Run(Directory, new[] { "--registry", RegistryRoot, "--tracking", TrackingRoot }.Concat(SingleWriter ? new[] { "--single-writer" } : Array.Empty<string>()).Concat(arguments).ToArray());

    /// <summary>Runs mlops without --single-writer, whatever the workspace says.</summary>
    public MlopsResult RunAsMultipleWriters(params string[] arguments)
        => Mlops.Run(Directory, new[] { "--registry", RegistryRoot, "--tracking", TrackingRoot }.Concat(arguments).ToArray());

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public void Dispose()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}

/// <summary>
/// The content the tests look at: model "house" with versions 1-3 (metrics RSquared and RMSE, version 2 in production,
/// version 3 in staging and trained with one more input column, Age), model "churn" with one version and no alias, and
/// experiment "house-prices" with four runs (the third failed).
/// </summary>
public static class Seed
{
    public static readonly double[] RSquared = { 0.80, 0.85, 0.83 };
    public static readonly double[] Rmse = { 12.5, 10.0, 11.0 };
    public static readonly double[] RunRSquared = { 0.71, 0.78, 0.40, 0.82 };

    public static void Fill(Workspace workspace)
    {
        var (ml, model, data) = Models.Train();
        var withAge = ml.Data.LoadFromEnumerable(new[] { new AgedHouse { Size = 50, Rooms = 2, Price = 1, Age = 3 } });
        for (var i = 0; i < 3; i++)
        {
            var registration = new ModelRegistration
            {
                Seed = 40 + i,
                SourceCommit = $"{i + 1}{i + 1}{i + 1}aaaabbbbccccddddeeeeffff0000111122223333",
                TrainingDataFingerprint = $"sha256:{i + 1:D2}feedface",
                Description = $"house prices, try {i + 1}",
            };
            registration.Parameters["trainer"] = "Sdca";
            registration.Parameters["iterations"] = (50 * (i + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            registration.Metrics["RSquared"] = RSquared[i];
            registration.Metrics["RMSE"] = Rmse[i];
            registration.Tags["team"] = "pricing";
            workspace.Registry.Register(ml, "house", model, i == 2 ? withAge.Schema : data.Schema, registration);
        }

        workspace.Registry.SetAlias("house", ModelAliases.Production, 2);
        workspace.Registry.SetAlias("house", ModelAliases.Staging, 3);

        var churn = new ModelRegistration { Seed = 1 };
        churn.Metrics["AUC"] = 0.91;
        workspace.Registry.Register(ml, "churn", model, data.Schema, churn);

        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < RunRSquared.Length; i++)
        {
            var metrics = new Dictionary<string, double> { ["RSquared"] = RunRSquared[i], ["RMSE"] = 20 - (10 * RunRSquared[i]), ["PerClass[0]"] = 1 };
            var parameters = new Dictionary<string, string> { ["trainer"] = "Sdca", ["l2"] = (0.1 * (i + 1)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) };
            workspace.Tracker.AppendRun(new RunRecord(
                $"run{i + 1}-0123456789",
                "house-prices",
                $"try-{i + 1}",
                i == 2 ? RunStatus.Failed : RunStatus.Finished,
                start.AddHours(i),
                start.AddHours(i).AddSeconds(90),
                parameters,
                metrics,
                null,
                i == 3 ? new ModelVersionLink("house", 3) : null));
        }
    }

    public sealed class AgedHouse
    {
        public float Size { get; set; }

        public float Rooms { get; set; }

        public float Price { get; set; }

        public float Age { get; set; }
    }
}
