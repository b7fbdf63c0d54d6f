using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>What a round trip does with one app of <c>Apps/</c>.</summary>
public sealed class AppSpec
{
    /// <summary>The app's folder under <c>Apps/</c>; its project is <c>&lt;Name&gt;.csproj</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The rules whose fixes are applied (<c>dotnet format analyzers --diagnostics ...</c>).</summary>
    public required string[] Rules { get; init; }

    /// <summary>The runs of one phase, in order (for example <c>train</c>, then <c>score</c> in a new process).</summary>
    public required string[][] Runs { get; init; }

    /// <summary>Placeholders in the app's sources replaced in the copy (for example a model folder by a temporary one); the value gets the round trip's folder.</summary>
    public Func<string, IReadOnlyDictionary<string, string>>? Replacements { get; init; }

    /// <summary>Environment of the app's runs, the same before and after the fixes; gets the round trip's folder.</summary>
    public Func<string, IReadOnlyDictionary<string, string>>? Environment { get; init; }

    /// <summary>Prepares the stores before each phase (for example creates the model share); gets the round trip's folder.</summary>
    public Action<string>? Prepare { get; init; }

    /// <summary>What the store holds after a phase (file names, keys), and empties it for the next phase; gets the round trip's folder.</summary>
    public Func<string, IReadOnlyList<string>>? TakeStore { get; init; }
}

/// <summary>
/// One app copied to a temporary folder, built (compiler warnings as errors, MLOPS warnings listed), run, fixed with
/// <c>dotnet format analyzers</c> through the package's code-fix providers, built again and run again. Each app's round
/// trip runs once per test run, on first use, and its tests assert on the recorded outcome.
/// </summary>
public sealed class RoundTrip
{
    private static readonly ConcurrentDictionary<string, Lazy<RoundTrip>> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentBag<string> Extra = new();
    private static readonly Regex Warning = new(@"^(?<file>[^\s(][^(\r\n]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>[A-Z]+\d+):", RegexOptions.Multiline);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private RoundTrip(AppSpec spec)
    {
        Spec = spec;
        Folder = Path.Combine(Path.GetTempPath(), "mlops-fixrt-" + spec.Name + "-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public AppSpec Spec { get; }

    /// <summary>The temporary folder: the app in <c>app/</c>, the runs' working folders <c>run-before/</c> and <c>run-after/</c>.</summary>
    public string Folder { get; }

    public string AppFolder => Path.Combine(Folder, "app");

    public IReadOnlyDictionary<string, string> SourcesBefore { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> SourcesAfter { get; private set; } = new Dictionary<string, string>();

    public Phase Before { get; private set; } = null!;

    public Phase After { get; private set; } = null!;

    /// <summary>The last pass of <c>dotnet format</c>.</summary>
    public ProcessRunner.Result? Format => Formats.Count > 0 ? Formats[^1] : null;

    /// <summary>The passes of <c>dotnet format</c>, in order (a second one only when the first left a fix unapplied).</summary>
    public IReadOnlyList<ProcessRunner.Result> Formats { get; private set; } = Array.Empty<ProcessRunner.Result>();

    /// <summary>The round trip of the app, run on first use and kept for the test run.</summary>
    public static RoundTrip Of(AppSpec spec) => Cache.GetOrAdd(spec.Name, _ => new Lazy<RoundTrip>(() => Run(spec), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Deletes the temporary folders of the round trips run so far.</summary>
    public static void DeleteAll()
    {
        foreach (var folder in Cache.Values.Where(l => l.IsValueCreated).Select(l => l.Value.Folder).Concat(Extra))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>A description of everything the round trip did, for failure messages.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        text.AppendLine($"== {Spec.Name}: fixes {string.Join(' ', Spec.Rules)}");
        Append(text, "before", Before);
        foreach (var pass in Formats)
        {
            text.AppendLine("-- dotnet format: " + pass);
        }
        Append(text, "after", After);
        foreach (var (name, source) in SourcesAfter)
        {
            if (SourcesBefore.TryGetValue(name, out var old) && old == source)
            {
                continue;
            }

            text.AppendLine($"-- fixed {name}:");
            text.AppendLine(source);
        }

        return text.ToString();

        static void Append(StringBuilder text, string name, Phase? phase)
        {
            if (phase is null)
            {
                return;
            }

            text.AppendLine($"-- build {name}: exit code {phase.Build.ExitCode} after {phase.Build.Elapsed.TotalSeconds:F0} s; MLOPS: {string.Join(", ", phase.Warnings.Select(w => w.Key + " x" + w.Value))}");
            if (phase.Build.ExitCode != 0)
            {
                text.AppendLine(phase.Build.Output);
            }

            foreach (var run in phase.Runs)
            {
                text.AppendLine($"-- run {name}: {run}");
            }

            text.AppendLine($"-- store {name}: {string.Join(", ", phase.Store)}");
        }
    }

    /// <summary>The app's lines <c>PREDICTION ...</c> of a phase, in order.</summary>
    public static IReadOnlyList<string> Predictions(Phase phase)
        => phase.Runs.SelectMany(r => r.Output.Split('\n')).Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("PREDICTION ", StringComparison.Ordinal)).ToList();

    private static RoundTrip Run(AppSpec spec)
    {
        var trip = new RoundTrip(spec);
        Directory.CreateDirectory(trip.Folder);
        trip.WriteCopy();
        trip.SourcesBefore = trip.ReadSources();

        var project = spec.Name + ".csproj";
        trip.Before = trip.RunPhase("before", project);

        // The fixes, as a user applies them: every listed rule, every occurrence, through the package's code-fix providers.
        var format = new List<string> { "format", "analyzers", project, "--no-restore", "--severity", "info", "--diagnostics" };
        format.AddRange(spec.Rules);
        // dotnet format applies the fixers of one pass to diagnostics computed on the project before the pass: once a
        // fixer has changed the project, a later fixer of the pass may find none of its diagnostics ("Unable to fix
        // MLOPSnnn. Code fix ... didn't return a Fix All action") and leave them. A user runs it again; so does the round
        // trip, while a pass both changed the code and left a fix unapplied (at most three passes).
        var sources = trip.SourcesBefore;
        var formats = new List<ProcessRunner.Result>();
        do
        {
            formats.Add(ProcessRunner.Dotnet(trip.AppFolder, BuildTimeout, null, format.ToArray()));
            var fixedSources = trip.ReadSources();
            var changed = !fixedSources.OrderBy(s => s.Key, StringComparer.Ordinal).SequenceEqual(sources.OrderBy(s => s.Key, StringComparer.Ordinal));
            sources = fixedSources;
            if (!changed || formats[^1].ExitCode != 0 || !formats[^1].Output.Contains("Unable to fix MLOPS", StringComparison.Ordinal))
            {
                break;
            }
        }
        while (formats.Count < 3);

        trip.Formats = formats;
        trip.SourcesAfter = sources;

        trip.After = trip.RunPhase("after", project);
        return trip;
    }

    private Phase RunPhase(string name, string project)
    {
        var output = Path.Combine(Folder, "bin-" + name);
        var build = ProcessRunner.Dotnet(AppFolder, BuildTimeout, null, "build", project, "-c", "Release", "-p:MlopsStrictBuild=true", "-o", output, "-tl:off", "-nologo", "-clp:NoSummary");
        var warnings = Warning.Matches(build.Output)
            .Where(m => m.Groups["id"].Value.StartsWith("MLOPS", StringComparison.Ordinal))
            .Select(m => (Key: $"{m.Groups["file"].Value.Trim()}({m.Groups["line"].Value},{m.Groups["column"].Value})", Id: m.Groups["id"].Value))
            .Distinct()
            .GroupBy(w => w.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        Spec.Prepare?.Invoke(Folder);
        var runs = new List<ProcessRunner.Result>();
        var workingDirectory = Path.Combine(Folder, "run-" + name);
        Directory.CreateDirectory(workingDirectory);
        if (build.ExitCode == 0)
        {
            var environment = Spec.Environment?.Invoke(Folder);
            foreach (var arguments in Spec.Runs)
            {
                var run = ProcessRunner.Dotnet(workingDirectory, RunTimeout, environment, new[] { Path.Combine(output, Spec.Name + ".dll") }.Concat(arguments).ToArray());
                runs.Add(run);
                if (run.ExitCode != 0)
                {
                    break;
                }
            }
        }

        var store = Spec.TakeStore?.Invoke(Folder) ?? Array.Empty<string>();
        return new Phase(build, warnings, runs, store, workingDirectory);
    }

    private void WriteCopy()
    {
        var source = Path.Combine(Repository.Root, "tests", "MlopsAnalyzers.FixRuntime.Tests", "Apps", Spec.Name);
        var replacements = Spec.Replacements?.Invoke(Folder) ?? new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(AppFolder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var text = File.ReadAllText(file);
            foreach (var (placeholder, value) in replacements)
            {
                text = text.Replace(placeholder, value, StringComparison.Ordinal);
            }

            File.WriteAllText(target, text);
        }

        WriteBuildFiles(Folder, Spec.Rules);
    }

    /// <summary>
    /// Writes the build settings of a copied app or solution in <paramref name="folder"/>: package versions as in the
    /// repository; the analyzers attached as the package attaches them; the runtime library referenced as after adding its
    /// package; nullable warnings on and, in the tests' builds (<c>-p:MlopsStrictBuild=true</c>), every compiler warning an
    /// error while the MLOPS warnings stay warnings (they are what the fixes remove, counted from the build output); the
    /// <paramref name="warnRules"/> reported as warnings (several are suggestions by default).
    /// </summary>
    public static void WriteBuildFiles(string folder, IReadOnlyCollection<string> warnRules)
    {
        File.Copy(Path.Combine(Repository.Root, "Directory.Packages.props"), Path.Combine(folder, "Directory.Packages.props"));
        var bin = AppContext.BaseDirectory;

        // The analyzer and fix assemblies alone in their folder, as in the package: beside the test's own copies of the
        // compiler assemblies, dotnet format's loader finds no diagnostic.
        var analyzers = Path.Combine(folder, "analyzers");
        Directory.CreateDirectory(analyzers);
        foreach (var assembly in new[] { "MlopsAnalyzers.dll", "MlopsAnalyzers.CodeFixes.dll" })
        {
            File.Copy(Path.Combine(bin, assembly), Path.Combine(analyzers, assembly));
        }

        // The rules under test reported as warnings (several are suggestions by default), so the build output counts them.
        File.WriteAllText(Path.Combine(folder, ".editorconfig"), "root = true\n\n[*.cs]\n" + string.Concat(warnRules.Select(r => $"dotnet_diagnostic.{r}.severity = warning\n")));
        var ruleIds = string.Join(";", Enumerable.Range(100, 900).Select(i => "MLOPS" + i));
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                <Nullable>enable</Nullable>
                <LangVersion>latest</LangVersion>
                <ImplicitUsings>disable</ImplicitUsings>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
                <!-- Where the runtime library's store packages are, for the apps that reference them. -->
                <MlopsTestBin>{bin}</MlopsTestBin>
              </PropertyGroup>
              <!-- Only in the tests' builds: dotnet format, given /warnaserror-:MLOPSnnn, finds none of those diagnostics. -->
              <PropertyGroup Condition="'$(MlopsStrictBuild)' == 'true'">
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>$(WarningsNotAsErrors);NU1603;{ruleIds}</WarningsNotAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{Path.Combine(analyzers, "MlopsAnalyzers.dll")}" />
                <Analyzer Include="{Path.Combine(analyzers, "MlopsAnalyzers.CodeFixes.dll")}" />
                <Reference Include="MlopsAnalyzers.Abstractions" HintPath="{Path.Combine(bin, "MlopsAnalyzers.Abstractions.dll")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
    }

    /// <summary>Deletes <paramref name="folder"/> with the round trips' folders at the end of the run.</summary>
    public static void Track(string folder) => Extra.Add(folder);

    private Dictionary<string, string> ReadSources()
        => Directory.EnumerateFiles(AppFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(AppFolder, f), File.ReadAllText, StringComparer.Ordinal);

    /// <summary>One build and its runs.</summary>
    public sealed record Phase(ProcessRunner.Result Build, IReadOnlyDictionary<string, int> Warnings, IReadOnlyList<ProcessRunner.Result> Runs, IReadOnlyList<string> Store, string WorkingDirectory)
    {
        public int WarningCount(string id) => Warnings.TryGetValue(id, out var count) ? count : 0;
    }
}

/// <summary>The repository's root, found from the test assembly upwards.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MlopsAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("MlopsAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
