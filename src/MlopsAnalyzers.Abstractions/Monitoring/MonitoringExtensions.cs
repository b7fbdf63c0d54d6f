using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Monitoring;

/// <summary>Drift monitoring over the model registry and ML.NET prediction engines.</summary>
public static class MonitoringExtensions
{
    /// <summary>
    /// Computes the drift baseline of <paramref name="trainingData"/> (one pass, see <see cref="DriftBaseline.Compute"/>)
    /// and adds it to the registration as the artifact <see cref="DriftBaseline.ArtifactName"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// var registration = new ModelRegistration { Seed = 42 }.AddDriftBaseline(trainingData, excludedColumns: "Price");
    /// ModelRegistry.Default.Register(ml, "house-prices", model, trainingData.Schema, registration);
    /// </code>
    /// </example>
    /// <param name="registration">The registration to add the baseline to.</param>
    /// <param name="trainingData">The data the model is trained on.</param>
    /// <param name="excludedColumns">Columns served inputs do not have, such as the label.</param>
    public static ModelRegistration AddDriftBaseline(this ModelRegistration registration, IDataView trainingData, params string[] excludedColumns)
    {
        var options = new DriftBaselineOptions();
        foreach (var column in excludedColumns ?? Array.Empty<string>())
        {
            options.ExcludedColumns.Add(column);
        }

        return registration.AddDriftBaseline(DriftBaseline.Compute(trainingData, options));
    }

    /// <summary>Adds <paramref name="baseline"/> to the registration as the artifact <see cref="DriftBaseline.ArtifactName"/>.</summary>
    public static ModelRegistration AddDriftBaseline(this ModelRegistration registration, DriftBaseline baseline)
    {
        if (registration is null)
        {
            throw new ArgumentNullException(nameof(registration));
        }

        if (baseline is null)
        {
            throw new ArgumentNullException(nameof(baseline));
        }

        return registration.AddTextArtifact(DriftBaseline.ArtifactName, baseline.ToJson());
    }

    /// <summary>The drift baseline stored with a registered version (see <see cref="AddDriftBaseline(ModelRegistration, IDataView, string[])"/>).</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="name">The model name.</param>
    /// <param name="versionOrAlias">A version number, <see cref="ModelAliases.Latest"/> or an alias: use the version you loaded the model from.</param>
    /// <exception cref="ModelNotFoundException">No such model or version, or the version was registered without a baseline.</exception>
    /// <exception cref="CorruptModelException">The baseline file is missing, altered or unreadable.</exception>
    public static DriftBaseline ReadDriftBaseline(this IModelRegistry registry, string name, string versionOrAlias)
    {
        if (registry is null)
        {
            throw new ArgumentNullException(nameof(registry));
        }

        var version = registry.GetVersion(name, versionOrAlias);
        if (!version.Artifacts.Any(a => a.Name == DriftBaseline.ArtifactName))
        {
            throw new ModelNotFoundException(
                $"Version {version.Version} of model '{name}' was registered without a drift baseline: register it with a ModelRegistration on which AddDriftBaseline(trainingData) was called.");
        }

        var json = registry.ReadTextArtifact(name, version.Version.ToString(CultureInfo.InvariantCulture), DriftBaseline.ArtifactName);
        try
        {
            return DriftBaseline.FromJson(json);
        }
        catch (FormatException e)
        {
            var path = Path.Combine(version.Directory, FileModelRegistry.ArtifactsFolderName, DriftBaseline.ArtifactName);
            throw new CorruptModelException(path, $"The drift baseline of version {version.Version} of model '{name}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// A monitor of the drift baseline stored with a registered version, whose metrics (<see cref="MonitoringMetrics"/>)
    /// are tagged with <paramref name="name"/> and <paramref name="versionOrAlias"/>. Create it once per served model
    /// version and share it between the engines (one per thread, or pooled).
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="name">The model name.</param>
    /// <param name="versionOrAlias">The version number or alias the model was loaded from.</param>
    /// <param name="options">Window and thresholds; its <see cref="DriftMonitorOptions.ModelName"/> and <see cref="DriftMonitorOptions.ModelVersion"/> are replaced.</param>
    /// <exception cref="ModelNotFoundException">No such model or version, or the version was registered without a baseline.</exception>
    /// <exception cref="CorruptModelException">The baseline file is missing, altered or unreadable.</exception>
    public static DriftMonitor<TSrc> CreateDriftMonitor<TSrc>(this IModelRegistry registry, string name, string versionOrAlias, DriftMonitorOptions? options = null)
        where TSrc : class
    {
        var baseline = registry.ReadDriftBaseline(name, versionOrAlias);
        var tagged = (options ?? new DriftMonitorOptions()).Snapshot();
        tagged.ModelName = name;
        tagged.ModelVersion = versionOrAlias;
        return new DriftMonitor<TSrc>(baseline, tagged);
    }

    /// <summary>Wraps <paramref name="engine"/> in a <see cref="MonitoredPredictionEngine{TSrc, TDst}"/> with a new monitor of <paramref name="baseline"/>.</summary>
    public static MonitoredPredictionEngine<TSrc, TDst> WithDriftMonitoring<TSrc, TDst>(this PredictionEngineBase<TSrc, TDst> engine, DriftBaseline baseline, DriftMonitorOptions? options = null)
        where TSrc : class
        where TDst : class, new()
        => new(engine, new DriftMonitor<TSrc>(baseline, options));

    /// <summary>Wraps <paramref name="engine"/> in a <see cref="MonitoredPredictionEngine{TSrc, TDst}"/> that reports to <paramref name="monitor"/> (shared by other engines).</summary>
    public static MonitoredPredictionEngine<TSrc, TDst> WithDriftMonitoring<TSrc, TDst>(this PredictionEngineBase<TSrc, TDst> engine, DriftMonitor<TSrc> monitor)
        where TSrc : class
        where TDst : class, new()
        => new(engine, monitor);
}
