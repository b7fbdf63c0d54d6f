using System.Collections.Generic;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// A versioned store of fitted ML.NET models, in the spirit of the MLflow model registry: each registration of a model
/// name gets the next version number (1, 2, 3, ...) and records metadata (input schema, ML.NET version, seed, source
/// commit, training-data fingerprint, parameters, metrics, tags); aliases such as <c>production</c> point at a version.
/// </summary>
/// <remarks>
/// <see cref="ModelRegistry.Default"/> is the registry at the root named by the <c>MLOPS_REGISTRY_ROOT</c> environment
/// variable (a folder, <c>s3://bucket/prefix</c> or a blob container URL; <c>.mlops/registry</c> under the current
/// directory when unset). <see cref="IAsyncModelRegistry"/> adds asynchronous members.
/// A version string is a version number (<c>"3"</c>), <see cref="ModelAliases.Latest"/> (the highest version) or an
/// alias set with <see cref="SetAlias"/>.
/// </remarks>
public interface IModelRegistry
{
    /// <summary>
    /// Stores <paramref name="model"/> with the schema of the data it was fitted on as the next version of
    /// <paramref name="name"/> and returns that version's metadata. Concurrent registrations of the same name, from
    /// threads or processes, each get their own version.
    /// </summary>
    /// <param name="mlContext">The context used to write the model.</param>
    /// <param name="name">The model name: letters, digits, '.', '-' and '_', starting with a letter or digit.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="inputSchema">The schema of the data the model was fitted on (its signature).</param>
    /// <param name="registration">Optional metadata: seed, parameters, metrics, tags, aliases, extra artifacts.</param>
    /// <exception cref="System.ArgumentException">The name, an alias or an artifact name is invalid.</exception>
    ModelVersion Register(MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration? registration = null);

    /// <summary>Loads a version of a model and gives back the input schema stored with it.</summary>
    /// <param name="mlContext">The context to load the model into.</param>
    /// <param name="name">The model name.</param>
    /// <param name="versionOrAlias">A version number, <see cref="ModelAliases.Latest"/> or an alias.</param>
    /// <param name="inputSchema">The schema of the data the model was fitted on.</param>
    /// <exception cref="ModelNotFoundException">No such model, version or alias.</exception>
    /// <exception cref="CorruptModelException">The version's metadata or model file is missing, unreadable or altered.</exception>
    ITransformer Load(MLContext mlContext, string name, string versionOrAlias, out DataViewSchema inputSchema);

    /// <summary>The metadata of one version.</summary>
    /// <exception cref="ModelNotFoundException">No such model, version or alias.</exception>
    /// <exception cref="CorruptModelException">The version's metadata is missing or unreadable.</exception>
    ModelVersion GetVersion(string name, string versionOrAlias);

    /// <summary>Every version of a model, oldest first; empty when the model has none.</summary>
    IReadOnlyList<ModelVersion> ListVersions(string name);

    /// <summary>The names of the registered models, in ordinal order.</summary>
    IReadOnlyList<string> ListModels();

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/>, moving it if it pointed elsewhere.</summary>
    /// <exception cref="System.ArgumentException">The alias is invalid, a number, or <see cref="ModelAliases.Latest"/>.</exception>
    /// <exception cref="ModelNotFoundException">The version does not exist.</exception>
    void SetAlias(string name, string alias, int version);

    /// <summary>Removes an alias; false when it was not set.</summary>
    bool RemoveAlias(string name, string alias);

    /// <summary>The content of an extra artifact stored with a version (see <see cref="ModelRegistration.Artifacts"/>).</summary>
    /// <exception cref="ModelNotFoundException">No such model, version, alias or artifact.</exception>
    /// <exception cref="CorruptModelException">The artifact file is missing or altered.</exception>
    byte[] ReadArtifact(string name, string versionOrAlias, string artifactName);

    /// <summary>
    /// The bytes of a version's model file (<c>model.zip</c>) as stored, after checking them against the length and
    /// SHA-256 recorded at registration (see <see cref="ModelVersion.ModelFile"/>): for copying a model into a
    /// deployment image without loading it.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No such model, version or alias.</exception>
    /// <exception cref="CorruptModelException">The metadata or the model file is missing, unreadable or altered.</exception>
    byte[] ReadModelFile(string name, string versionOrAlias);
}
