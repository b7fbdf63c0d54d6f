using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// A model registry with asynchronous I/O next to the synchronous members of <see cref="IModelRegistry"/>; each
/// member behaves like its synchronous counterpart. The object-store registries (S3, Azure Blob Storage) are
/// asynchronous throughout; <see cref="FileModelRegistry"/> runs its file I/O on the thread pool.
/// </summary>
public interface IAsyncModelRegistry : IModelRegistry
{
    /// <summary>Asynchronous <see cref="IModelRegistry.Register"/>.</summary>
    Task<ModelVersion> RegisterAsync(MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration? registration = null, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="IModelRegistry.Load"/>: the model and the input schema stored with it.</summary>
    Task<LoadedModel> LoadAsync(MLContext mlContext, string name, string versionOrAlias, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="IModelRegistry.GetVersion"/>.</summary>
    Task<ModelVersion> GetVersionAsync(string name, string versionOrAlias, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="IModelRegistry.ListVersions"/>.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="IModelRegistry.ListModels"/>.</summary>
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="IModelRegistry.SetAlias"/>.</summary>
    Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="IModelRegistry.RemoveAlias"/>.</summary>
    Task<bool> RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="IModelRegistry.ReadArtifact"/>.</summary>
    Task<byte[]> ReadArtifactAsync(string name, string versionOrAlias, string artifactName, CancellationToken cancellationToken = default);

    /// <summary>Asynchronous <see cref="IModelRegistry.ReadModelFile"/>.</summary>
    Task<byte[]> ReadModelFileAsync(string name, string versionOrAlias, CancellationToken cancellationToken = default);
}

/// <summary>A model loaded from a registry, with the schema of the data it was fitted on.</summary>
public sealed class LoadedModel
{
    /// <summary>Creates the value.</summary>
    public LoadedModel(ITransformer model, DataViewSchema inputSchema)
    {
        Model = model;
        InputSchema = inputSchema;
    }

    /// <summary>The model.</summary>
    public ITransformer Model { get; }

    /// <summary>The schema of the data the model was fitted on.</summary>
    public DataViewSchema InputSchema { get; }
}
