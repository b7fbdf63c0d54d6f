using System;
using System.IO;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// The default model registry: a <see cref="FileModelRegistry"/> rooted at the folder named by the
/// <c>MLOPS_REGISTRY_ROOT</c> environment variable, or at <c>.mlops/registry</c> under the current directory when the
/// variable is unset or empty. Code can use it without any set-up:
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

    private static FileModelRegistry? _default;

    /// <summary>
    /// The registry at <see cref="DefaultRoot"/>. The root is resolved on each access, so a change of the environment
    /// variable or the current directory is honoured; the instance is reused while the root stays the same.
    /// </summary>
    public static IModelRegistry Default
    {
        get
        {
            var root = DefaultRoot;
            var current = _default;
            if (current is null || !string.Equals(current.RootDirectory, root, StringComparison.Ordinal))
            {
                current = new FileModelRegistry(root);
                _default = current;
            }

            return current;
        }
    }

    /// <summary>The full path of the default registry's root: <c>MLOPS_REGISTRY_ROOT</c>, or <c>.mlops/registry</c> under the current directory.</summary>
    public static string DefaultRoot
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(RootEnvironmentVariable);
            return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultRelativeRoot : configured!.Trim());
        }
    }
}
