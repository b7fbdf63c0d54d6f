using System;
using System.IO;
using System.Threading;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// The default experiment tracker: the tracker at the root named by the environment variable <c>MLOPS_TRACKING_ROOT</c>
/// (a folder, <c>s3://bucket/prefix</c> or a blob container URL, see <see cref="Open"/>), or a
/// <see cref="FileExperimentTracker"/> in <c>.mlops/experiments</c> under the current directory when it is not set.
/// The root is resolved when <see cref="Default"/> is first read.
/// </summary>
public static class ExperimentTracker
{
    /// <summary>The environment variable that names the default tracker's folder.</summary>
    public const string RootVariable = "MLOPS_TRACKING_ROOT";

    private static IExperimentTracker? _default;

    /// <summary>The folder used when <c>MLOPS_TRACKING_ROOT</c> is not set, relative to the current directory.</summary>
    public static string DefaultRelativeRoot { get; } = Path.Combine(".mlops", "experiments");

    /// <summary>
    /// The tracker the code fixes record to. Created on first use from <c>MLOPS_TRACKING_ROOT</c>; set it to use another
    /// tracker (or another folder) for the whole process.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value set is null (use <see cref="ResetDefault"/>).</exception>
    public static IExperimentTracker Default
    {
        get
        {
            var current = Volatile.Read(ref _default);
            if (current is not null)
            {
                return current;
            }

            var created = Open(ResolveDefaultRoot());
            return Interlocked.CompareExchange(ref _default, created, null) ?? created;
        }

        set => Volatile.Write(ref _default, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// The tracker at <paramref name="root"/>: a folder (<see cref="FileExperimentTracker"/>), <c>s3://bucket/prefix</c>
    /// (package <c>MlopsAnalyzers.Abstractions.AmazonS3</c>) or a blob container URL (package
    /// <c>MlopsAnalyzers.Abstractions.AzureBlobs</c>), as an <see cref="ObjectStoreExperimentTracker"/>. Credentials
    /// come from each SDK's usual places (see <see cref="ModelRegistry.Open(string, ObjectStoreOptions?)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The root is empty.</exception>
    /// <exception cref="InvalidOperationException">The root's store package is not referenced; the message names it.</exception>
    public static IExperimentTracker Open(string root)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArgumentException("A tracking root is required.", nameof(root));
        }

        return StoreRoots.IsObjectStoreRoot(root.Trim())
            ? new ObjectStoreExperimentTracker(StoreRoots.Open(root.Trim()))
            : new FileExperimentTracker(root);
    }

    /// <summary>Forgets the current default, so that the next read of <see cref="Default"/> creates it again from the environment.</summary>
    public static void ResetDefault() => Volatile.Write(ref _default, null);

    /// <summary>
    /// The folder of the default tracker: <c>MLOPS_TRACKING_ROOT</c> when set (a relative value is taken from the
    /// current directory), else <see cref="DefaultRelativeRoot"/> under the current directory. A full path, or an
    /// <c>s3://</c> or blob URL as given.
    /// </summary>
    public static string ResolveDefaultRoot()
        => ResolveDefaultRoot(Environment.GetEnvironmentVariable(RootVariable), Directory.GetCurrentDirectory());

    internal static string ResolveDefaultRoot(string? variable, string currentDirectory)
        => !string.IsNullOrWhiteSpace(variable) && StoreRoots.IsObjectStoreRoot(variable!.Trim())
            ? variable.Trim()
            : Path.GetFullPath(Path.Combine(currentDirectory, string.IsNullOrWhiteSpace(variable) ? DefaultRelativeRoot : variable!.Trim()));
}
