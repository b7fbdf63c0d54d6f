using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// The tracker in an object store (an S3 bucket, a blob container): one object per run,
/// <c>&lt;experiment&gt;/runs/&lt;end time ticks&gt;-&lt;run id&gt;.json</c> (one JSON line, the format of
/// <see cref="FileExperimentTracker"/>), and a summary object per experiment, <c>&lt;experiment&gt;/summary.jsonl</c>,
/// holding the runs a reader has already gathered.
/// </summary>
/// <remarks>
/// <para>
/// <b>Writes.</b> A run is one create-only write of a new key: writers never touch each other's objects, and an object
/// store publishes an object whole, so a writer that dies leaves either the complete run or nothing (no torn line).
/// </para>
/// <para>
/// <b>Reads.</b> <see cref="ListRuns"/> lists the run keys (no download), reads the summary, and downloads only the runs
/// the summary lacks; when there were many, it writes a new summary (compare-and-swap on its entity tag, so a slower
/// reader cannot replace a newer summary). The listing is the truth: the summary only saves downloads, so a lost or
/// stale summary costs time, never runs. Unreadable objects and summary lines are skipped and reported through
/// <see cref="Warning"/>, once per tracker instance.
/// </para>
/// <para>Runs are listed in the order of their end time (then run ID), which is the order they were appended when the writers' clocks agree.</para>
/// </remarks>
public sealed class ObjectStoreExperimentTracker : IExperimentTracker
{
    /// <summary>The summary object's name under each experiment.</summary>
    public const string SummaryName = "summary.jsonl";

    /// <summary>The folder of run objects under each experiment.</summary>
    public const string RunsFolder = "runs";

    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);

    /// <summary>Creates a tracker in <paramref name="store"/>.</summary>
    public ObjectStoreExperimentTracker(ObjectStore store)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <summary>Raised when a run object or summary line is skipped (see the remarks). Handlers run on the calling thread.</summary>
    public event EventHandler<TrackingWarningEventArgs>? Warning;

    /// <summary>The store the runs are kept in.</summary>
    public ObjectStore Store { get; }

    /// <summary>Downloads of missing runs from which a read writes a new summary (50).</summary>
    public int SummaryThreshold { get; set; } = 50;

    /// <inheritdoc />
    public void AppendRun(RunRecord run) => AppendRunAsync(run).ConfigureAwait(false).GetAwaiter().GetResult();

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> ListRuns(string experiment) => ListRunsAsync(experiment).ConfigureAwait(false).GetAwaiter().GetResult();

    /// <inheritdoc />
    public IReadOnlyList<string> ListExperiments() => ListExperimentsAsync().ConfigureAwait(false).GetAwaiter().GetResult();

    /// <summary>Asynchronous <see cref="AppendRun"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
    /// <exception cref="IOException">A run with the same key exists already.</exception>
    public async Task AppendRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        var key = RunKey(run);
        if (await Store.TryCreateAsync(key, RunJson.ToLine(run), cancellationToken).ConfigureAwait(false) is null)
        {
            throw new IOException($"The run '{Store.Describe(key)}' exists already: run {run.RunId} was appended before.");
        }
    }

    /// <summary>Asynchronous <see cref="ListRuns"/>.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(string experiment, CancellationToken cancellationToken = default)
    {
        ExperimentNames.Validate(experiment, nameof(experiment));
        var prefix = experiment + "/" + RunsFolder + "/";
        var keys = (await Store.ListAsync(prefix, cancellationToken).ConfigureAwait(false)).Where(k => k.EndsWith(".json", StringComparison.Ordinal)).ToList();
        if (keys.Count == 0)
        {
            return Array.Empty<RunRecord>();
        }

        var summaryKey = experiment + "/" + SummaryName;
        var summary = await Store.ReadAsync(summaryKey, cancellationToken).ConfigureAwait(false);
        var known = summary is null ? new Dictionary<string, RunRecord>(StringComparer.Ordinal) : ReadSummary(summary.Content, summaryKey, experiment);

        var missing = keys.Where(k => !known.ContainsKey(k)).ToList();
        var fetched = await ParallelReads.ReadAllAsync(missing, (key, token) => ReadRunAsync(key, experiment, token), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            if (fetched[i] is { } run)
            {
                known[missing[i]] = run;
            }
        }

        var runs = keys.Where(known.ContainsKey).Select(k => known[k]).ToList();
        if (fetched.Count(r => r is not null) >= SummaryThreshold)
        {
            await WriteSummaryAsync(summaryKey, runs, summary?.ETag, cancellationToken).ConfigureAwait(false);
        }

        return runs;
    }

    /// <summary>Asynchronous <see cref="ListExperiments"/>.</summary>
    public async Task<IReadOnlyList<string>> ListExperimentsAsync(CancellationToken cancellationToken = default)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in await Store.ListAsync("", cancellationToken).ConfigureAwait(false))
        {
            var parts = key.Split('/');
            if (parts.Length == 3 && parts[1] == RunsFolder && ExperimentNames.IsValid(parts[0]))
            {
                names.Add(parts[0]);
            }
        }

        return names.ToList();
    }

    /// <inheritdoc />
    public override string ToString() => $"Experiment tracker at '{Store.Root}'";

    /// <summary>The key of a run: its end time in ticks (so keys sort in time order) and its ID.</summary>
    internal static string RunKey(RunRecord run)
        => run.Experiment + "/" + RunsFolder + "/" + run.EndTime.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + run.RunId + ".json";

    private async Task<RunRecord?> ReadRunAsync(string key, string experiment, CancellationToken cancellationToken)
    {
        var stored = await Store.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null; // Deleted between the listing and the read.
        }

        try
        {
            var run = RunJson.FromLine(Trim(stored.Content));
            return RunKey(run) == key && run.Experiment == experiment
                ? run
                : throw new FormatException($"the run it holds ({run.Experiment}, {run.RunId}) does not belong under this key");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            ReportOnce(Store.Describe(key), 1, "the object is not a readable run and was skipped (" + e.Message + ")");
            return null;
        }
    }

    private Dictionary<string, RunRecord> ReadSummary(byte[] content, string summaryKey, string experiment)
    {
        var runs = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        using var stream = new MemoryStream(content, writable: false);
        foreach (var line in JsonLines.Read(stream, FileExperimentTracker.MaxLineLength))
        {
            if (line.IsBlank || line.Overlong || !line.Terminated)
            {
                continue; // Such a line's run is read from its own object.
            }

            try
            {
                var run = RunJson.FromLine(line.Content.Span);
                if (run.Experiment == experiment)
                {
                    runs[RunKey(run)] = run;
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
            {
                ReportOnce(Store.Describe(summaryKey), line.Number, "the summary line is not a readable run; the run is read from its own object (" + e.Message + ")");
            }
        }

        return runs;
    }

    private async Task WriteSummaryAsync(string summaryKey, List<RunRecord> runs, string? etag, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        foreach (var run in runs)
        {
            var line = RunJson.ToLine(run);
            buffer.Write(line, 0, line.Length);
        }

        var content = buffer.ToArray();
        var written = etag is null
            ? await Store.TryCreateAsync(summaryKey, content, cancellationToken).ConfigureAwait(false)
            : await Store.TryReplaceAsync(summaryKey, content, etag, cancellationToken).ConfigureAwait(false);
        if (written is null)
        {
            Trace.TraceInformation("MlopsAnalyzers experiment tracker: another reader updated '{0}' first; its summary is kept.", Store.Describe(summaryKey));
        }
    }

    private static ReadOnlySpan<byte> Trim(byte[] content)
    {
        var length = content.Length;
        while (length > 0 && content[length - 1] is (byte)'\n' or (byte)'\r')
        {
            length--;
        }

        return new ReadOnlySpan<byte>(content, 0, length);
    }

    private void ReportOnce(string location, int line, string message)
    {
        if (_reported.TryAdd(location + "#" + line.ToString(CultureInfo.InvariantCulture), 0))
        {
            var warning = new TrackingWarningEventArgs(location, line, message);
            Trace.TraceWarning("MlopsAnalyzers experiment tracker: {0}", warning);
            Warning?.Invoke(this, warning);
        }
    }
}
