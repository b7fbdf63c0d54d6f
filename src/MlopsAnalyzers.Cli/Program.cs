using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.Abstractions.Storage;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Cli;

/// <summary>The <c>mlops</c> command line: the commands, their options, and the mapping of failures to exit codes.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var cli = new Cli();
        return await cli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
    }
}

/// <summary>What every command gets: the roots, the output format and the writers.</summary>
public sealed class CommandContext
{
    public CommandContext(string registryRoot, string trackingRoot, OutputFormat format, TextWriter output, TextWriter error, bool singleWriter = false)
    {
        SingleWriter = singleWriter;
        RegistryRoot = registryRoot;
        TrackingRoot = trackingRoot;
        Format = format;
        Out = output;
        Error = error;
    }

    public string RegistryRoot { get; }

    public string TrackingRoot { get; }

    public OutputFormat Format { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Write to an object store whose server ignores conditional writes (see <see cref="ObjectStoreOptions.SingleWriter"/>).</summary>
    public bool SingleWriter { get; }

    public IAsyncModelRegistry OpenRegistry() => ModelRegistry.Open(RegistryRoot, new ObjectStoreOptions { SingleWriter = SingleWriter });

    public IExperimentTracker OpenTracker()
    {
        var tracker = ExperimentTracker.Open(TrackingRoot);
        void Warn(object? sender, TrackingWarningEventArgs e) => Error.WriteLine($"warning: {e}");
        switch (tracker)
        {
            case FileExperimentTracker file:
                file.Warning += Warn;
                break;
            case ObjectStoreExperimentTracker store:
                store.Warning += Warn;
                break;
        }

        return tracker;
    }
}

public sealed class Cli
{
    private readonly Option<string?> _registry = new("--registry", "-r")
    {
        Description = "The model registry root: a folder, s3://bucket/prefix or a blob container URL. Default: MLOPS_REGISTRY_ROOT, else .mlops/registry.",
        Recursive = true,
    };

    private readonly Option<string?> _tracking = new("--tracking", "-t")
    {
        Description = "The experiment tracking root: a folder, s3://bucket/prefix or a blob container URL. Default: MLOPS_TRACKING_ROOT, else .mlops/experiments.",
        Recursive = true,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print JSON (the same as --format json).",
        Recursive = true,
    };

    private readonly Option<bool> _singleWriter = new("--single-writer")
    {
        Description = "Let promote write to an S3-compatible server that ignores conditional writes. Safe only when no other process writes to the registry at the same time.",
        Recursive = true,
    };

    private readonly Option<OutputFormat> _format = new("--format", "-f")
    {
        Description = "Output format: table (aligned text), markdown (for CI job summaries) or json.",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public RootCommand Build(TextWriter output, TextWriter error, Action<int> setExitCode)
    {
        var root = new RootCommand("mlops: the model CI/CD steps over the MlopsAnalyzers model registry and experiment tracker.")
        {
            _registry, _tracking, _json, _format, _singleWriter,
        };

        var models = new Command("models", "Registered models: list, show, diff, promote, pull.");
        root.Add(models);

        var list = new Command("list", "The registered models, with their versions and aliases.");
        models.Add(list);
        Bind(list, output, error, setExitCode, (c, _, t) => ModelCommands.ListAsync(c, t));

        var showTarget = new Argument<string>("model") { Description = "NAME (every version), NAME@VERSION or NAME@ALIAS (one version in full)." };
        var show = new Command("show", "A model's versions, or one version's metadata: signature, seed, source commit, data fingerprint, parameters, metrics.") { showTarget };
        models.Add(show);
        Bind(show, output, error, setExitCode, (c, p, t) => ModelCommands.ShowAsync(c, p.GetRequiredValue(showTarget), t));

        var diffName = new Argument<string>("name") { Description = "The model name." };
        var diffA = new Argument<string>("a") { Description = "A version number or alias." };
        var diffB = new Argument<string>("b") { Description = "Another version number or alias." };
        var diff = new Command("diff", "Metric, parameter and schema differences between two versions of a model.") { diffName, diffA, diffB };
        models.Add(diff);
        Bind(diff, output, error, setExitCode, (c, p, t) => ModelCommands.DiffAsync(c, p.GetRequiredValue(diffName), p.GetRequiredValue(diffA), p.GetRequiredValue(diffB), t));

        var promoteName = new Argument<string>("name") { Description = "The model name." };
        var promoteVersion = new Argument<string>("version") { Description = "The version to promote: a number, latest or an alias (resolved to its number first)." };
        var alias = new Option<string>("--alias", "-a") { Description = "The alias to move, e.g. production.", Required = true };
        var require = new Option<string[]>("--require")
        {
            Description = "A gate, METRIC OP VALUE with OP one of >= <= > < == and VALUE a number or an alias (the version it points at now), e.g. \"AUC>=production\" or \"RMSE<=0.5\". Repeatable; all must hold.",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => Array.Empty<string>(),
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the gates and report, but do not move the alias." };
        var promote = new Command("promote", "Moves an alias to a version when every --require holds; exit code 4 and the failed requirements otherwise.") { promoteName, promoteVersion, alias, require, dryRun };
        models.Add(promote);
        Bind(promote, output, error, setExitCode, (c, p, t) => ModelCommands.PromoteAsync(c, p.GetRequiredValue(promoteName), p.GetRequiredValue(promoteVersion), p.GetRequiredValue(alias), p.GetValue(require) ?? Array.Empty<string>(), p.GetValue(dryRun), t));

        var pullTarget = new Argument<string>("model") { Description = "NAME@ALIAS, NAME@VERSION or NAME (latest)." };
        var pullOutput = new Option<string>("--output", "-o") { Description = "The model file to write, e.g. model.zip. Its metadata is written next to it as <name>.metadata.json.", Required = true };
        var pull = new Command("pull", "Writes a version's model file after checking its recorded length and SHA-256, and its metadata next to it.") { pullTarget, pullOutput };
        models.Add(pull);
        Bind(pull, output, error, setExitCode, (c, p, t) => ModelCommands.PullAsync(c, p.GetRequiredValue(pullTarget), p.GetRequiredValue(pullOutput), t));

        var runs = new Command("runs", "Tracked experiment runs: list, compare.");
        root.Add(runs);

        var listExperiment = new Argument<string>("experiment") { Description = "The experiment name." };
        var sort = new Option<string?>("--sort", "-s") { Description = "Sort by this metric, highest first (runs without it last)." };
        var ascending = new Option<bool>("--ascending") { Description = "With --sort: lowest first (for errors and losses)." };
        var top = new Option<int?>("--top", "-n") { Description = "Show only the first N runs." };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--top must be at least 1.");
            }
        });
        var runsList = new Command("list", "The runs of an experiment with their metrics.") { listExperiment, sort, ascending, top };
        runs.Add(runsList);
        Bind(runsList, output, error, setExitCode, (c, p, t) => RunCommands.ListAsync(c, p.GetRequiredValue(listExperiment), p.GetValue(sort), p.GetValue(ascending), p.GetValue(top), t));

        var compareExperiment = new Argument<string>("experiment") { Description = "The experiment name." };
        var metric = new Option<string>("--metric", "-m") { Description = "The metric to compare.", Required = true };
        var goal = new Option<MetricGoal>("--goal") { Description = "Whether higher (Maximize, the default) or lower (Minimize) values are better.", DefaultValueFactory = _ => MetricGoal.Maximize };
        var compare = new Command("compare", "One metric across an experiment's runs: each run against the best, and the parameters that differ.") { compareExperiment, metric, goal };
        runs.Add(compare);
        Bind(compare, output, error, setExitCode, (c, p, t) => RunCommands.CompareAsync(c, p.GetRequiredValue(compareExperiment), p.GetRequiredValue(metric), p.GetValue(goal), t));

        var reportOutput = new Option<string>("--output", "-o") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var title = new Option<string?>("--title") { Description = "The page title." };
        var report = new Command("report", "Writes one self-contained HTML page (inline SVG charts, no network): every model's versions and aliases, every experiment's metrics across runs.") { reportOutput, title };
        root.Add(report);
        Bind(report, output, error, setExitCode, (c, p, t) => ReportCommand.RunAsync(c, p.GetRequiredValue(reportOutput), p.GetValue(title), t));

        return root;
    }

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var exitCode = ExitCodes.Success;
        var root = Build(output, error, code => exitCode = code);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine($"error: {problem.Message}");
            }

            error.WriteLine("Run 'mlops --help' (or 'mlops <command> --help') for usage.");
            return ExitCodes.Usage;
        }

        var result = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        return result != 0 ? result : exitCode;
    }

    private void Bind(Command command, TextWriter output, TextWriter error, Action<int> setExitCode, Func<CommandContext, ParseResult, CancellationToken, Task<int>> run)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            var format = parse.GetValue(_json) ? OutputFormat.Json : parse.GetValue(_format);
            var registry = parse.GetValue(_registry);
            var tracking = parse.GetValue(_tracking);
            var context = new CommandContext(
                string.IsNullOrWhiteSpace(registry) ? ModelRegistry.DefaultRoot : registry!.Trim(),
                string.IsNullOrWhiteSpace(tracking) ? ExperimentTracker.ResolveDefaultRoot() : tracking!.Trim(),
                format,
                output,
                error,
                parse.GetValue(_singleWriter));
            int code;
            try
            {
                code = await run(context, parse, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (Classify(e) is { } classified)
            {
                error.WriteLine($"error: {classified.Message}");
                code = classified.Code;
            }

            setExitCode(code);
            return code;
        });
    }

    /// <summary>The exit code and message of a failure; null for a bug, which is left to crash with its stack trace.</summary>
    private static (int Code, string Message)? Classify(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }

        return e switch
        {
            CliException cli => (cli.ExitCode, cli.Message),
            ModelNotFoundException => (ExitCodes.NotFound, e.Message),
            CorruptModelException => (ExitCodes.Corrupt, e.Message),
            ModelRegistryException => (ExitCodes.Error, e.Message),
            ArgumentException => (ExitCodes.Usage, e.Message),
            OperationCanceledException => (ExitCodes.Error, "cancelled."),
            InvalidOperationException or IOException or UnauthorizedAccessException or TimeoutException or FormatException
                or System.Net.Http.HttpRequestException or System.Text.Json.JsonException => (ExitCodes.Error, e.Message),
            _ when e.GetType().FullName is { } type && (type.StartsWith("Amazon.", StringComparison.Ordinal) || type.StartsWith("Azure.", StringComparison.Ordinal))
                => (ExitCodes.Error, $"{e.GetType().Name}: {e.Message}"),
            _ => null,
        };
    }
}
