using System;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// Something the file tracker skipped or repaired instead of failing: a torn line left by a writer that crashed, or a
/// line that is not a run. Raised by <see cref="FileExperimentTracker.Warning"/>.
/// </summary>
public sealed class TrackingWarningEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public TrackingWarningEventArgs(string filePath, int lineNumber, string message)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Message = message;
    }

    /// <summary>The experiment file concerned.</summary>
    public string FilePath { get; }

    /// <summary>The line concerned, counted from 1.</summary>
    public int LineNumber { get; }

    /// <summary>What was skipped or repaired, and why.</summary>
    public string Message { get; }

    /// <summary><c>path(line): message</c>.</summary>
    public override string ToString() => $"{FilePath}({LineNumber}): {Message}";
}
