using System;
using System.IO;
using System.Threading;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// The default experiment tracker: a <see cref="FileExperimentTracker"/> in the folder named by the environment variable
/// <c>MLOPS_TRACKING_ROOT</c>, or <c>.mlops/experiments</c> under the current directory when it is not set. The folder
/// is resolved when <see cref="Default"/> is first read.
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

            var created = new FileExperimentTracker(ResolveDefaultRoot());
            return Interlocked.CompareExchange(ref _default, created, null) ?? created;
        }

        set => Volatile.Write(ref _default, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Forgets the current default, so that the next read of <see cref="Default"/> creates it again from the environment.</summary>
    public static void ResetDefault() => Volatile.Write(ref _default, null);

    /// <summary>
    /// The folder of the default tracker: <c>MLOPS_TRACKING_ROOT</c> when set (a relative value is taken from the
    /// current directory), else <see cref="DefaultRelativeRoot"/> under the current directory. A full path.
    /// </summary>
    public static string ResolveDefaultRoot()
        => ResolveDefaultRoot(Environment.GetEnvironmentVariable(RootVariable), Directory.GetCurrentDirectory());

    internal static string ResolveDefaultRoot(string? variable, string currentDirectory)
        => Path.GetFullPath(Path.Combine(currentDirectory, string.IsNullOrWhiteSpace(variable) ? DefaultRelativeRoot : variable!.Trim()));
}
