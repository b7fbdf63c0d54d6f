using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Issue 14's "Done when" for the samples: a copy of <c>samples/</c> (the runtime library referenced as after adding its
/// package, the analyzers attached as the package attaches them) gets every MLOPS fix, through
/// <c>dotnet format analyzers</c> on the samples solution (every documented rule); the fixed solution must build with compiler warnings as
/// errors, and the console samples must run. The ASP.NET Core samples (ChurnServing, ChurnTelemetry) and ChurnModel (a fixed server folder and a real S3 bucket) are built, not run.
/// </summary>
public sealed class SampleFixTests : RoundTripTests
{
    private static readonly Lazy<SampleRun> Run = new(SampleRun.Execute, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The console samples, in the order they run (SkewServing reads the model SkewTraining writes beside it).
    /// ChurnModel is built, not run: it saves to a fixed server folder and uploads to a real S3 bucket, so it cannot run
    /// here before its fixes either (its fixes' run-time behaviour is the S3Publish, SharePublish and FolderModel cases).
    /// </summary>
    private static readonly string[] ConsoleSamples = { "ChurnExperiments", "ChurnScoring", "HousePrices", "SkewTraining" };

    public SampleFixTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => throw new NotSupportedException("the samples are not one app");

    [Fact]
    public void FormatFixedTheSamples()
    {
        var run = Run.Value;
        Assert.True(run.BuildBefore.ExitCode == 0, "the samples do not restore:\n" + run.Report());
        Assert.NotEmpty(run.Rules);
        Assert.True(run.Format.ExitCode == 0, "dotnet format failed:\n" + run.Report());
        Assert.True(run.ChangedFiles.Count > 0, "dotnet format changed nothing:\n" + run.Report());
    }

    [Fact]
    public void FixedSamplesBuildWithWarningsAsErrors()
    {
        var run = Run.Value;
        Assert.True(run.BuildAfter.ExitCode == 0, "the fixed samples do not build with warnings as errors:\n" + run.Report());
    }

    [Fact]
    public void FixedConsoleSamplesRun()
    {
        var run = Run.Value;
        Assert.True(run.BuildAfter.ExitCode == 0, "the fixed samples do not build with warnings as errors:\n" + run.Report());
        foreach (var sample in ConsoleSamples)
        {
            var result = run.RunAfter(sample);
            Assert.True(result.ExitCode == 0 && !result.Output.Contains("Unhandled exception", StringComparison.Ordinal), $"the fixed {sample} fails:\n{result}\n" + run.Report());
        }
    }

    private sealed class SampleRun
    {
        private SampleRun(string folder) => Folder = folder;

        public string Folder { get; }

        public ProcessRunner.Result BuildBefore { get; private set; } = null!;

        public ProcessRunner.Result Format { get; private set; } = null!;

        public ProcessRunner.Result BuildAfter { get; private set; } = null!;

        public IReadOnlyList<string> Rules { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> ChangedFiles { get; private set; } = Array.Empty<string>();

        public static SampleRun Execute()
        {
            var run = new SampleRun(Path.Combine(Path.GetTempPath(), "mlops-fixrt-samples-" + Guid.NewGuid().ToString("N")[..8]));
            RoundTrip.Track(run.Folder);
            var samples = Path.Combine(run.Folder, "samples");
            var before = CopySamples(samples);
            RoundTrip.WriteBuildFiles(run.Folder, Array.Empty<string>());

            // No build before the fixes (SampleBuildTests builds the samples and checks their warnings): a restore, then
            // every documented rule's fixes.
            run.BuildBefore = ProcessRunner.Dotnet(samples, TimeSpan.FromMinutes(8), null, "restore", "MlopsSamples.sln", "-tl:off", "-nologo");
            run.Rules = Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs", "rules"), "MLOPS*.md").Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(id => id, StringComparer.Ordinal).ToList();
            if (run.BuildBefore.ExitCode != 0 || run.Rules.Count == 0)
            {
                run.Format = run.BuildAfter = run.BuildBefore;
                return run;
            }

            // As in RoundTrip: one pass of dotnet format can leave a fix unapplied when an earlier fixer of the pass changed
            // the project its diagnostics were computed on; a user runs it again, and so does this test while a pass
            // still changes the code (at most three passes).
            var texts = before;
            for (var pass = 0; pass < 3; pass++)
            {
                run.Format = ProcessRunner.Dotnet(samples, TimeSpan.FromMinutes(8), null, new[] { "format", "analyzers", "MlopsSamples.sln", "--no-restore", "--severity", "info", "--diagnostics" }.Concat(run.Rules).ToArray());
                var now = texts.ToDictionary(f => f.Key, f => File.ReadAllText(f.Key), StringComparer.Ordinal);
                var changed = now.Any(f => f.Value != texts[f.Key]);
                texts = now;
                if (!changed || run.Format.ExitCode != 0)
                {
                    break;
                }
            }

            run.ChangedFiles = before.Where(f => File.ReadAllText(f.Key) != f.Value).Select(f => Path.GetRelativePath(samples, f.Key)).ToList();
            run.BuildAfter = ProcessRunner.Dotnet(samples, TimeSpan.FromMinutes(8), null, "build", "MlopsSamples.sln", "-c", "Release", "-p:MlopsStrictBuild=true", "-tl:off", "-nologo", "-clp:NoSummary");
            return run;
        }

        public ProcessRunner.Result RunAfter(string sample)
        {
            var output = Path.Combine(Folder, "samples", sample, "bin", "Release", "net10.0");
            return ProcessRunner.Dotnet(output, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["MLOPS_REGISTRY_ROOT"] = Path.Combine(Folder, "registry") }, Path.Combine(output, sample + ".dll"));
        }

        public string Report()
        {
            var text = new StringBuilder();
            text.AppendLine($"== samples: fixes {string.Join(' ', Rules)}");
            text.AppendLine($"-- restore: exit code {BuildBefore.ExitCode}");
            if (BuildBefore.ExitCode != 0)
            {
                text.AppendLine(BuildBefore.Output);
            }

            text.AppendLine("-- dotnet format: " + Format);
            text.AppendLine("-- changed: " + string.Join(", ", ChangedFiles));
            text.AppendLine($"-- build after: exit code {BuildAfter.ExitCode}");
            text.AppendLine(string.Join('\n', BuildAfter.Output.Split('\n').Where(l => l.Contains(" error ", StringComparison.Ordinal)).Distinct()));
            return text.ToString();
        }

        /// <summary>Copies the samples (no build output), with the runtime library referenced as a package would be; returns the original text of every source.</summary>
        private static Dictionary<string, string> CopySamples(string target)
        {
            var source = Path.Combine(Repository.Root, "samples");
            var sources = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj") || relative == "Directory.Build.props")
                {
                    continue;
                }

                var copy = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                var text = File.ReadAllText(file);
                if (relative.EndsWith(".csproj", StringComparison.Ordinal))
                {
                    // The runtime library comes from the shared Directory.Build.props (as after adding its package).
                    text = Regex.Replace(text, @"\s*<ProjectReference Include=""[./]*src/MlopsAnalyzers\.Abstractions/MlopsAnalyzers\.Abstractions\.csproj""\s*/>", string.Empty);
                }

                File.WriteAllText(copy, text);
                if (relative.EndsWith(".cs", StringComparison.Ordinal))
                {
                    sources[copy] = text;
                }
            }

            return sources;
        }
    }
}
