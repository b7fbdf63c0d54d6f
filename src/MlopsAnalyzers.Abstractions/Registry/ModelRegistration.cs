using System;
using System.Collections.Generic;
using System.Text;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// What to record with a new model version besides the model and its input schema. Every member is optional; the
/// registry itself records the name, version, creation time (UTC), ML.NET version, input schema and, unless
/// <see cref="SourceCommit"/> is given, the commit it detects (see <see cref="Abstractions.SourceCommit.Detect()"/>).
/// </summary>
public sealed class ModelRegistration
{
    /// <summary>The seed of the <c>MLContext</c> the model was trained with, when it had one.</summary>
    public int? Seed { get; set; }

    /// <summary>The source commit the model was trained from; detected from CI variables or the git HEAD when null.</summary>
    public string? SourceCommit { get; set; }

    /// <summary>An identifier of the exact training data, for example from <see cref="DataFingerprint.OfFile"/>.</summary>
    public string? TrainingDataFingerprint { get; set; }

    /// <summary>A free-text description of the version.</summary>
    public string? Description { get; set; }

    /// <summary>Training parameters (hyperparameters, data options), as text.</summary>
    public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Evaluation metrics, for example <c>RSquared</c> or <c>AUC</c>.</summary>
    public IDictionary<string, double> Metrics { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Free-form tags.</summary>
    public IDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Aliases to point at the new version once it is registered, for example <see cref="ModelAliases.Staging"/>.</summary>
    public IList<string> Aliases { get; } = new List<string>();

    /// <summary>
    /// Extra named files stored with the version (a training-data baseline, a model card, ...), read back with
    /// <see cref="IModelRegistry.ReadArtifact"/>. Names follow the model-name rules. Their length and SHA-256 are
    /// recorded in the metadata and checked on reading.
    /// </summary>
    public IDictionary<string, byte[]> Artifacts { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>Adds a UTF-8 text artifact (a JSON document, for example) and returns this registration.</summary>
    public ModelRegistration AddTextArtifact(string name, string content)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        Artifacts[name] = Encoding.UTF8.GetBytes(content);
        return this;
    }
}
