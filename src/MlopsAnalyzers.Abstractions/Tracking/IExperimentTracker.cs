using System.Collections.Generic;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// Where runs are recorded: append-only storage of completed runs, grouped by experiment. The file-backed
/// <see cref="FileExperimentTracker"/> is the default (<see cref="ExperimentTracker.Default"/>); another backend
/// implements these three members and gets <see cref="ExperimentTrackerExtensions.StartRun"/>,
/// <see cref="ExperimentTrackerExtensions.GetBestRun"/> and the recording helpers for free.
/// </summary>
public interface IExperimentTracker
{
    /// <summary>Stores a completed run. Earlier runs are never changed.</summary>
    void AppendRun(RunRecord run);

    /// <summary>The runs of <paramref name="experiment"/> in the order they were appended; empty when there are none.</summary>
    IReadOnlyList<RunRecord> ListRuns(string experiment);

    /// <summary>The names of the experiments that have at least one stored run file, in ordinal order.</summary>
    IReadOnlyList<string> ListExperiments();
}
