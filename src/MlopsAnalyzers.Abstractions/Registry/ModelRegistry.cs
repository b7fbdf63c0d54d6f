using System;
using System.IO;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// The default model registry: the registry at the root named by the <c>MLOPS_REGISTRY_ROOT</c> environment variable
/// (a folder, <c>s3://bucket/prefix</c> or a blob container URL, see <see cref="Open(string, ObjectStoreOptions?)"/>),
/// or a <see cref="FileModelRegistry"/> at <c>.mlops/registry</c> under the current directory when the variable is
/// unset or empty. Code can use it without any set-up:
/// <code>
/// ModelRegistry.Default.Register(mlContext, "house-prices", model, trainingData.Schema);
/// var loaded = ModelRegistry.Default.Load(mlContext, "house-prices", ModelAliases.Latest, out var inputSchema);
/// </code>
/// </summary>
public static class ModelRegistry
{
    /// <summary>The environment variable that sets the default registry's root folder: <c>MLOPS_REGISTRY_ROOT</c>.</summary>
    public const string RootEnvironmentVariable = "MLOPS_REGISTRY_ROOT";

    /// <summary>The default registry's root, relative to the current directory, when the variable is unset: <c>.mlops/registry</c>.</summary>
    public const string DefaultRelativeRoot = ".mlops/registry";

    private static (string Root, IAsyncModelRegistry Registry)? _default;

    /// <summary>
    /// The registry at <see cref="DefaultRoot"/>. The root is resolved on each access, so a change of the environment
    /// variable or the current directory is honoured; the instance is reused while the root stays the same.
    /// </summary>
    /// <exception cref="InvalidOperationException">The root is an S3 or blob location whose store package is not referenced.</exception>
    public static IAsyncModelRegistry Default
    {
        get
        {
            var root = DefaultRoot;
            var current = _default;
            if (current is null || !string.Equals(current.Value.Root, root, StringComparison.Ordinal))
            {
                current = (root, Open(root));
                _default = current;
            }

            return current.Value.Registry;
        }
    }

    /// <summary>
    /// The full path of the default registry's root: <c>MLOPS_REGISTRY_ROOT</c> (a folder, made a full path, or an
    /// <c>s3://</c> or blob URL, as given), or <c>.mlops/registry</c> under the current directory.
    /// </summary>
    public static string DefaultRoot
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(RootEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured) && StoreRoots.IsObjectStoreRoot(configured!.Trim()))
            {
                return configured.Trim();
            }

            return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultRelativeRoot : configured!.Trim());
        }
    }

    /// <summary>
    /// The registry at <paramref name="root"/>: a folder (<see cref="FileModelRegistry"/>), <c>s3://bucket/prefix</c>
    /// (Amazon S3, package <c>MlopsAnalyzers.Abstractions.AmazonS3</c>) or
    /// <c>https://&lt;account&gt;.blob.core.windows.net/&lt;container&gt;/&lt;prefix&gt;</c> (Azure Blob Storage, package
    /// <c>MlopsAnalyzers.Abstractions.AzureBlobs</c>; the emulator's <c>http://127.0.0.1:10000/devstoreaccount1/&lt;container&gt;</c>
    /// too). Credentials come from each SDK's usual places: the AWS default credential chain and endpoint settings
    /// (<c>AWS_ENDPOINT_URL_S3</c>), the <c>AZURE_STORAGE_CONNECTION_STRING</c> environment variable (or a SAS in the URL).
    /// An object store is probed for conditional writes (see <see cref="ObjectStoreModelRegistry"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The root's store package is not referenced; the message names it.</exception>
    public static IAsyncModelRegistry Open(string root, ObjectStoreOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArgumentException("The registry root is empty.", nameof(root));
        }

        if (!StoreRoots.IsObjectStoreRoot(root))
        {
            return new FileModelRegistry(root);
        }

        var registry = new ObjectStoreModelRegistry(StoreRoots.Open(root), options);
        try
        {
            registry.ProbeAsync().ConfigureAwait(false).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // A reader may not be allowed to write the probe: it is tried again before the first write.
            System.Diagnostics.Trace.TraceInformation("MlopsAnalyzers model registry: the conditional-write probe of '{0}' failed ({1}); it is retried before the first write.", root, e.Message);
        }

        return registry;
    }
}
