using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Tests.Registry;

/// <summary>
/// Real processes (this test assembly run as a program, see <see cref="Program"/>) registering the same model name at
/// once, and a process killed while it registers.
/// </summary>
public class ProcessConcurrencyTests
{
    [Fact]
    public void ConcurrentRegistrationsFromProcessesGetDistinctVersions()
    {
        using var temp = new TempRegistry();
        var modelFile = Models.SaveTrained(temp.Root);
        var goFile = Path.Combine(temp.Root, "go");
        const int processes = 3;
        const int perProcess = 4;

        var writers = Enumerable.Range(0, processes).Select(_ => Writer(temp.Root, modelFile, perProcess, goFile)).ToList();
        File.WriteAllText(goFile, "");
        var claimed = new List<int>();
        foreach (var writer in writers)
        {
            claimed.AddRange(writer.WaitForVersions(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(Enumerable.Range(1, processes * perProcess), claimed.OrderBy(v => v));
        var ml = new MLContext();
        foreach (var version in temp.Registry.ListVersions("shared"))
        {
            temp.Registry.Load(ml, "shared", version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), out _);
        }

        Assert.Equal(processes * perProcess, temp.Registry.ListVersions("shared").Count);
    }

    [Fact]
    public void AProcessKilledWhileRegisteringLeavesOnlyCompleteVersions()
    {
        using var temp = new TempRegistry();
        var modelFile = Models.SaveTrained(temp.Root);
        var goFile = Path.Combine(temp.Root, "go");
        File.WriteAllText(goFile, "");

        var writer = Writer(temp.Root, modelFile, count: 0, goFile);
        writer.WaitForOutputLines(3, TimeSpan.FromSeconds(60));
        writer.Kill();

        // Every visible version is complete: its metadata reads and its model file matches its hash.
        var ml = new MLContext();
        var versions = temp.Registry.ListVersions("shared");
        Assert.True(versions.Count >= 3, $"{versions.Count} versions");
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Version));
        foreach (var version in versions)
        {
            temp.Registry.Load(ml, "shared", version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), out _);
        }

        // The next registration removes the dead writer's temporary folder, if the kill left one.
        var next = temp.Registry.Register(ml, "shared", ml.Model.Load(modelFile, out var schema), schema).Version;
        Assert.Equal(versions.Count + 1, next);
        Assert.DoesNotContain(
            Directory.GetDirectories(Path.Combine(temp.Root, "shared")).Select(Path.GetFileName),
            n => n!.StartsWith(".tmp-" + writer.ProcessId + "-", StringComparison.Ordinal));
    }

    private static WriterProcess Writer(string root, string modelFile, int count, string goFile)
        => WriterProcess.Start(typeof(Program).Assembly.Location, "register", root, "shared", modelFile, count.ToString(System.Globalization.CultureInfo.InvariantCulture), goFile);
}
