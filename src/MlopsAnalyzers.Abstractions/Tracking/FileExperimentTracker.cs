using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// The file-backed tracker: one append-only JSON-lines file per experiment, <c>&lt;root&gt;/&lt;experiment&gt;.jsonl</c>,
/// one completed run per line.
/// </summary>
/// <remarks>
/// <para>
/// <b>Concurrent writers.</b> Every append and every read holds an exclusive lock on a companion lock file
/// (<c>&lt;experiment&gt;.jsonl.lock</c>), opened with <see cref="FileShare.None"/>: Windows enforces that share mode
/// between processes, and .NET on Linux and macOS takes an advisory <c>flock</c> on it, which every process using this
/// library honours. The operating system releases the lock when a process dies, so a crash never leaves a stale lock.
/// Threads of one process also queue on an in-process lock first instead of polling the file. Under the lock a writer
/// appends its whole line with one write and flushes it to disk. (Appending without a lock, relying on
/// <c>O_APPEND</c>, was not chosen: .NET does not promise to open <see cref="FileMode.Append"/> files with it, network
/// file systems do not honour it, and the repair of a torn line below needs to read and write in one step.)
/// </para>
/// <para>
/// <b>Crashes.</b> A writer that dies part-way through a line leaves a torn last line. The next writer first ends that
/// line, so its own run starts on a fresh line; readers skip the torn line and report it through <see cref="Warning"/>
/// (once per tracker instance).
/// Earlier lines are never rewritten, so a crash can lose at most the run that was being written.
/// </para>
/// <para>
/// <b>Warnings</b> (a torn or unreadable line skipped, a torn line ended) are raised through the <see cref="Warning"/>
/// event and also written to <see cref="Trace"/>, so they are never silent.
/// </para>
/// <para>
/// <b>Links.</b> The root may be a symbolic link, but an experiment file or lock file that is one is refused with an
/// <see cref="IOException"/>, so that no write lands outside the root.
/// </para>
/// <para>
/// Setting the environment variable <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> turns the .NET file locking off on Linux and
/// macOS; do not set it for processes that share a tracking folder.
/// </para>
/// </remarks>
public sealed class FileExperimentTracker : IExperimentTracker
{
    /// <summary>The extension of experiment files.</summary>
    public const string FileExtension = ".jsonl";

    /// <summary>The extension added to an experiment file's name for its lock file.</summary>
    public const string LockExtension = ".lock";

    /// <summary>The longest line read (16 MiB); a run is a few kilobytes.</summary>
    public const int MaxLineLength = 16 * 1024 * 1024;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcessLocks = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<(string Path, int Line, long Key), byte> _reported = new();

    /// <summary>Creates a tracker that stores experiments in <paramref name="rootDirectory"/> (created on the first write).</summary>
    /// <exception cref="ArgumentException">The path is empty or not valid.</exception>
    public FileExperimentTracker(string rootDirectory)
        : this(rootDirectory, TimeSpan.FromSeconds(30))
    {
    }

    /// <summary>
    /// Creates a tracker that stores experiments in <paramref name="rootDirectory"/> and waits at most
    /// <paramref name="lockTimeout"/> for other writers.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive.</exception>
    public FileExperimentTracker(string rootDirectory, TimeSpan lockTimeout)
    {
        if (string.IsNullOrWhiteSpace(rootDirectory))
        {
            throw new ArgumentException("A tracking folder is required.", nameof(rootDirectory));
        }

        if (lockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lockTimeout), lockTimeout, "The lock timeout must be positive.");
        }

        RootDirectory = Path.GetFullPath(rootDirectory);
        LockTimeout = lockTimeout;
    }

    /// <summary>Raised when a line is skipped or repaired (see the remarks). Handlers run on the calling thread.</summary>
    public event EventHandler<TrackingWarningEventArgs>? Warning;

    /// <summary>The folder holding the experiment files (a full path).</summary>
    public string RootDirectory { get; }

    /// <summary>How long an append or a read waits for other writers before it throws <see cref="TimeoutException"/>.</summary>
    public TimeSpan LockTimeout { get; }

    /// <summary>The file of <paramref name="experiment"/>.</summary>
    /// <exception cref="ArgumentException">The experiment name is not valid (see <see cref="ExperimentNames"/>).</exception>
    public string GetExperimentFilePath(string experiment)
    {
        ExperimentNames.Validate(experiment, nameof(experiment));
        return Path.Combine(RootDirectory, experiment + FileExtension);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
    /// <exception cref="TimeoutException">Other writers held the experiment's lock longer than <see cref="LockTimeout"/>.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public void AppendRun(RunRecord run)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        var path = GetExperimentFilePath(run.Experiment);
        var line = RunJson.ToLine(run);
        Directory.CreateDirectory(RootDirectory);
        RefuseLinks(path);
        var tornLine = 0;
        using (AcquireLock(path, forWriting: true))
        using (var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.None))
        {
            var buffer = line;
            if (stream.Length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n')
                {
                    // A writer died mid-line: end the torn line so this run starts on a line of its own.
                    tornLine = CountLines(stream);
                    buffer = new byte[line.Length + 1];
                    buffer[0] = (byte)'\n';
                    Buffer.BlockCopy(line, 0, buffer, 1, line.Length);
                }
            }

            // One write of the whole line, then to disk before the lock is released.
            stream.Seek(0, SeekOrigin.End);
            stream.Write(buffer, 0, buffer.Length);
            stream.Flush(flushToDisk: true);
        }

        if (tornLine > 0)
        {
            // Reported after the lock is released: a handler may read the experiment.
            Report(path, tornLine, "the last line was torn (a writer stopped part-way); it was ended so that new runs start on a line of their own, and readers skip it");
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Torn and unreadable lines are skipped and reported through <see cref="Warning"/>, once per tracker instance
    /// (reading again does not repeat the warning). The file is read as a stream, whatever its size; a line longer than
    /// <see cref="MaxLineLength"/> bytes is skipped and reported without being held in memory.
    /// </remarks>
    /// <exception cref="ArgumentException">The experiment name is not valid.</exception>
    /// <exception cref="TimeoutException">Writers held the experiment's lock longer than <see cref="LockTimeout"/>.</exception>
    /// <exception cref="IOException">The file could not be read, or it or its lock file is a symbolic link.</exception>
    public IReadOnlyList<RunRecord> ListRuns(string experiment)
    {
        var path = GetExperimentFilePath(experiment);
        RefuseLinks(path);
        if (!File.Exists(path))
        {
            return Array.Empty<RunRecord>();
        }

        var runs = new List<RunRecord>();
        var problems = new List<(int Line, long Key, string Message)>();
        using (AcquireLock(path, forWriting: false))
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan))
        {
            foreach (var line in JsonLines.Read(stream, MaxLineLength))
            {
                if (line.IsBlank)
                {
                    continue;
                }

                if (line.Overlong)
                {
                    problems.Add((line.Number, line.Key, $"the line is longer than {MaxLineLength} bytes; it was skipped"));
                }
                else if (!line.Terminated)
                {
                    problems.Add((line.Number, line.Key, "the last line is incomplete (a writer stopped part-way); it was skipped"));
                }
                else
                {
                    try
                    {
                        var run = RunJson.FromLine(line.Content.Span);
                        if (!string.Equals(run.Experiment, experiment, StringComparison.Ordinal))
                        {
                            throw new FormatException($"the run belongs to experiment '{run.Experiment}'");
                        }

                        runs.Add(run);
                    }
                    catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
                    {
                        problems.Add((line.Number, line.Key, "the line is not a readable run and was skipped (" + e.Message + ")"));
                    }
                }
            }
        }

        // Reported after the lock is released (a handler may read the experiment), and once: a torn line stays in the
        // file for good, and repeating it on every read would bury new problems.
        foreach (var (number, key, message) in problems)
        {
            if (_reported.TryAdd((path, number, key), 0))
            {
                Report(path, number, message);
            }
        }

        return runs;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListExperiments()
    {
        if (!Directory.Exists(RootDirectory))
        {
            return Array.Empty<string>();
        }

        var names = new List<string>();
        foreach (var file in Directory.GetFiles(RootDirectory, "*" + FileExtension))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (Path.GetExtension(file) == FileExtension && ExperimentNames.IsValid(name))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The number of the last line of the file (1 + the number of line feeds).</summary>
    private static int CountLines(FileStream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        var lines = 1;
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (chunk[i] == '\n')
                {
                    lines++;
                }
            }
        }

        return lines;
    }

    /// <summary>Refuses an experiment file or lock file that is a link: writes through it could land outside the root.</summary>
    private static void RefuseLinks(string path)
    {
        foreach (var (file, what) in new[] { (path, "The experiment file"), (path + LockExtension, "The experiment's lock file") })
        {
            if (FileLinks.IsLink(file))
            {
                throw new IOException(FileLinks.Refusal(file, what));
            }
        }
    }

    private void Report(string path, int lineNumber, string message)
    {
        var warning = new TrackingWarningEventArgs(path, lineNumber, message);
        Trace.TraceWarning("MlopsAnalyzers experiment tracker: {0}", warning);
        Warning?.Invoke(this, warning);
    }

    /// <summary>
    /// Takes the in-process lock, then the lock file. Writers create the lock file; readers only open it, and read
    /// without it when it does not exist (no writer has come this way through this library) or cannot be opened
    /// because the folder is read-only (nobody can be writing there).
    /// </summary>
    private IDisposable AcquireLock(string path, bool forWriting)
    {
        var lockPath = path + LockExtension;
        var gate = InProcessLocks.GetOrAdd(lockPath, static _ => new SemaphoreSlim(1, 1));
        var watch = Stopwatch.StartNew();
        if (!gate.Wait(LockTimeout))
        {
            throw Timeout(lockPath);
        }

        try
        {
            var delay = 1;
            while (true)
            {
                try
                {
                    var stream = forWriting
                        ? new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None)
                        : new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 1, FileOptions.None);
                    return new Releaser(gate, stream);
                }
                catch (Exception e) when (!forWriting && e is FileNotFoundException or UnauthorizedAccessException)
                {
                    return new Releaser(gate, null);
                }
                catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
                {
                    // Another process holds the lock.
                    if (watch.Elapsed > LockTimeout)
                    {
                        throw Timeout(lockPath);
                    }

                    Thread.Sleep(delay);
                    delay = Math.Min(delay * 2, 50);
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private TimeoutException Timeout(string lockPath)
        => new($"Could not lock '{lockPath}' within {LockTimeout.TotalSeconds:0.#} s: another process keeps writing to this experiment.");

    private sealed class Releaser : IDisposable
    {
        private SemaphoreSlim? _gate;
        private readonly FileStream? _stream;

        public Releaser(SemaphoreSlim gate, FileStream? stream)
        {
            _gate = gate;
            _stream = stream;
        }

        public void Dispose()
        {
            _stream?.Dispose();
            Interlocked.Exchange(ref _gate, null)?.Release();
        }
    }
}
