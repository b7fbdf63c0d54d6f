using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MlopsAnalyzers.Abstractions;

namespace MlopsAnalyzers.Cli;

/// <summary><c>mlops models ...</c>.</summary>
public static class ModelCommands
{
    public static async Task<int> ListAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var registry = context.OpenRegistry();
        var names = await registry.ListModelsAsync(cancellationToken).ConfigureAwait(false);
        var models = new List<(string Name, IReadOnlyList<ModelVersion> Versions)>();
        foreach (var name in names)
        {
            models.Add((name, await registry.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false)));
        }

        if (context.Format == OutputFormat.Json)
        {
            var array = new JsonArray();
            foreach (var (name, versions) in models)
            {
                array.Add(new JsonObject
                {
                    ["name"] = name,
                    ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)JsonValue.Create(v.Version)).ToArray()),
                    ["latest"] = versions.Count == 0 ? null : versions[^1].Version,
                    ["aliases"] = AliasesJson(versions),
                    ["lastRegisteredUtc"] = versions.Count == 0 ? null : versions[^1].CreatedAtUtc,
                });
            }

            Text.WriteJson(context.Out, new JsonObject { ["root"] = context.RegistryRoot, ["models"] = array });
            return ExitCodes.Success;
        }

        if (models.Count == 0)
        {
            context.Error.WriteLine($"No model is registered in '{context.RegistryRoot}'.");
            return ExitCodes.Success;
        }

        var table = new Table(context.Format == OutputFormat.Markdown ? "Models" : null, "MODEL", "VERSIONS", "LATEST", "ALIASES", "LAST REGISTERED");
        foreach (var (name, versions) in models)
        {
            table.Add(name, versions.Count.ToString(CultureInfo.InvariantCulture), versions.Count == 0 ? "-" : versions[^1].Version.ToString(CultureInfo.InvariantCulture), DescribeAliases(versions), versions.Count == 0 ? "-" : Text.Time(versions[^1].CreatedAtUtc));
        }

        table.Write(context.Out, context.Format);
        return ExitCodes.Success;
    }

    public static async Task<int> ShowAsync(CommandContext context, string target, CancellationToken cancellationToken)
    {
        var (name, versionOrAlias) = ParseTarget(target, null);
        var registry = context.OpenRegistry();
        if (versionOrAlias is null)
        {
            var versions = await ListExistingVersionsAsync(registry, name, context.RegistryRoot, cancellationToken).ConfigureAwait(false);
            if (context.Format == OutputFormat.Json)
            {
                Text.WriteJson(context.Out, new JsonObject { ["name"] = name, ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)VersionJson(v)).ToArray()) });
                return ExitCodes.Success;
            }

            var metrics = versions.SelectMany(v => v.Metrics.Keys).Distinct(StringComparer.Ordinal).OrderBy(m => m, StringComparer.Ordinal).ToList();
            var table = new Table(context.Format == OutputFormat.Markdown ? $"Model {name}" : null, new[] { "VERSION", "REGISTERED", "ALIASES", "SEED", "COMMIT" }.Concat(metrics).ToArray());
            foreach (var v in versions)
            {
                table.Add(new[] { v.Version.ToString(CultureInfo.InvariantCulture), Text.Time(v.CreatedAtUtc), v.Aliases.Count == 0 ? "-" : string.Join(",", v.Aliases), v.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-", ShortCommit(v.SourceCommit) }
                    .Concat(metrics.Select(m => v.Metrics.TryGetValue(m, out var value) ? Text.Number(value) : "-")).ToArray());
            }

            table.Write(context.Out, context.Format);
            return ExitCodes.Success;
        }

        var version = await registry.GetVersionAsync(name, versionOrAlias, cancellationToken).ConfigureAwait(false);
        if (context.Format == OutputFormat.Json)
        {
            Text.WriteJson(context.Out, VersionJson(version));
            return ExitCodes.Success;
        }

        var markdown = context.Format == OutputFormat.Markdown;
        var summary = new Table(markdown ? $"{version.Name} version {version.Version}" : $"{version.Name} version {version.Version}", "FIELD", "VALUE")
            .Add("version", version.Version.ToString(CultureInfo.InvariantCulture))
            .Add("registered", Text.Time(version.CreatedAtUtc))
            .Add("aliases", version.Aliases.Count == 0 ? "-" : string.Join(", ", version.Aliases))
            .Add("ML.NET", Or(version.MlNetVersion))
            .Add("seed", version.Seed?.ToString(CultureInfo.InvariantCulture) ?? "-")
            .Add("source commit", Or(version.SourceCommit))
            .Add("training data", Or(version.TrainingDataFingerprint))
            .Add("description", Or(version.Description))
            .Add("model file", $"{version.ModelFile.Name}, {version.ModelFile.Length} bytes, sha256 {version.ModelFile.Sha256}")
            .Add("location", version.Directory);
        summary.Write(context.Out, context.Format);

        var schema = new Table("Signature (input schema)", "COLUMN", "TYPE", "HIDDEN");
        foreach (var column in version.InputSchema)
        {
            schema.Add(column.Name, column.Type, column.IsHidden ? "yes" : "");
        }

        schema.Write(context.Out, context.Format);
        WriteDictionary(context, "Parameters", "PARAMETER", version.Parameters);
        WriteDictionary(context, "Metrics", "METRIC", version.Metrics.ToDictionary(m => m.Key, m => Text.Number(m.Value)));
        WriteDictionary(context, "Tags", "TAG", version.Tags);
        if (version.Artifacts.Count > 0)
        {
            var artifacts = new Table("Artifacts", "ARTIFACT", "BYTES", "SHA-256");
            foreach (var artifact in version.Artifacts)
            {
                artifacts.Add(artifact.Name, artifact.Length.ToString(CultureInfo.InvariantCulture), artifact.Sha256);
            }

            artifacts.Write(context.Out, context.Format);
        }

        return ExitCodes.Success;
    }

    public static async Task<int> DiffAsync(CommandContext context, string name, string a, string b, CancellationToken cancellationToken)
    {
        RegistryNames.ValidateModelName(name);
        var registry = context.OpenRegistry();
        var left = await registry.GetVersionAsync(name, a, cancellationToken).ConfigureAwait(false);
        var right = await registry.GetVersionAsync(name, b, cancellationToken).ConfigureAwait(false);

        var metricNames = left.Metrics.Keys.Union(right.Metrics.Keys).OrderBy(m => m, StringComparer.Ordinal).ToList();
        var metrics = metricNames.Select(m => (Name: m, A: Get(left.Metrics, m), B: Get(right.Metrics, m))).ToList();
        var parameterNames = left.Parameters.Keys.Union(right.Parameters.Keys).OrderBy(p => p, StringComparer.Ordinal).ToList();
        var parameters = parameterNames
            .Select(p => (Name: p, A: left.Parameters.TryGetValue(p, out var x) ? x : null, B: right.Parameters.TryGetValue(p, out var y) ? y : null))
            .Where(p => p.A != p.B).ToList();
        var schema = SchemaDifferences(left, right);
        var fields = new List<(string Field, string? A, string? B)>
        {
            ("seed", left.Seed?.ToString(CultureInfo.InvariantCulture), right.Seed?.ToString(CultureInfo.InvariantCulture)),
            ("source commit", left.SourceCommit, right.SourceCommit),
            ("training data", left.TrainingDataFingerprint, right.TrainingDataFingerprint),
            ("ML.NET", left.MlNetVersion, right.MlNetVersion),
            ("aliases", string.Join(",", left.Aliases), string.Join(",", right.Aliases)),
        }.Where(f => f.A != f.B).ToList();

        if (context.Format == OutputFormat.Json)
        {
            Text.WriteJson(context.Out, new JsonObject
            {
                ["name"] = name,
                ["a"] = left.Version,
                ["b"] = right.Version,
                ["metrics"] = new JsonArray(metrics.Select(m => (JsonNode?)new JsonObject { ["metric"] = m.Name, ["a"] = Text.Json(m.A), ["b"] = Text.Json(m.B), ["delta"] = m.A is { } x && m.B is { } y ? Text.Json(y - x) : null }).ToArray()),
                ["parameters"] = new JsonArray(parameters.Select(p => (JsonNode?)new JsonObject { ["parameter"] = p.Name, ["a"] = p.A, ["b"] = p.B }).ToArray()),
                ["schema"] = new JsonArray(schema.Select(s => (JsonNode?)new JsonObject { ["column"] = s.Column, ["a"] = s.A, ["b"] = s.B }).ToArray()),
                ["fields"] = new JsonArray(fields.Select(f => (JsonNode?)new JsonObject { ["field"] = f.Field, ["a"] = f.A, ["b"] = f.B }).ToArray()),
                ["schemaChanged"] = schema.Count > 0,
            });
            return ExitCodes.Success;
        }

        var va = $"v{left.Version}";
        var vb = $"v{right.Version}";
        context.Out.WriteLine($"{name}: version {left.Version} ({a}) against version {right.Version} ({b})");
        context.Out.WriteLine();
        var metricTable = new Table("Metrics", "METRIC", va, vb, "DELTA");
        foreach (var m in metrics)
        {
            metricTable.Add(m.Name, Text.Number(m.A), Text.Number(m.B), m.A is { } x && m.B is { } y ? Text.Signed(y - x) : "-");
        }

        if (metrics.Count > 0)
        {
            metricTable.Write(context.Out, context.Format);
        }

        var schemaTable = new Table("Signature (input schema) differences", "COLUMN", va, vb);
        foreach (var s in schema)
        {
            schemaTable.Add(s.Column, s.A ?? "(absent)", s.B ?? "(absent)");
        }

        if (schema.Count > 0)
        {
            schemaTable.Write(context.Out, context.Format);
        }
        else
        {
            context.Out.WriteLine("Signature (input schema): the same.");
            context.Out.WriteLine();
        }

        if (parameters.Count > 0)
        {
            var table = new Table("Parameters that differ", "PARAMETER", va, vb);
            foreach (var p in parameters)
            {
                table.Add(p.Name, p.A ?? "(absent)", p.B ?? "(absent)");
            }

            table.Write(context.Out, context.Format);
        }

        if (fields.Count > 0)
        {
            var table = new Table("Other differences", "FIELD", va, vb);
            foreach (var f in fields)
            {
                table.Add(f.Field, Or(f.A), Or(f.B));
            }

            table.Write(context.Out, context.Format);
        }

        return ExitCodes.Success;
    }

    public static async Task<int> PromoteAsync(CommandContext context, string name, string versionOrAlias, string alias, IReadOnlyList<string> requirements, bool dryRun, CancellationToken cancellationToken)
    {
        RegistryNames.ValidateModelName(name);
        RegistryNames.ValidateAlias(alias);
        var gates = requirements.Select(Requirement.Parse).ToList();
        var registry = context.OpenRegistry();
        var candidate = await registry.GetVersionAsync(name, versionOrAlias, cancellationToken).ConfigureAwait(false);
        var results = new List<RequirementResult>();
        foreach (var gate in gates)
        {
            results.Add(await gate.CheckAsync(registry, candidate, alias, cancellationToken).ConfigureAwait(false));
        }

        var failed = results.Where(r => !r.Passed).ToList();
        var previous = (await registry.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false)).FirstOrDefault(v => v.Aliases.Contains(alias, StringComparer.Ordinal));
        var promoted = failed.Count == 0 && !dryRun;
        if (promoted)
        {
            await registry.SetAliasAsync(name, alias, candidate.Version, cancellationToken).ConfigureAwait(false);
        }

        if (context.Format == OutputFormat.Json)
        {
            Text.WriteJson(context.Out, new JsonObject
            {
                ["name"] = name,
                ["version"] = candidate.Version,
                ["alias"] = alias,
                ["previousVersion"] = previous?.Version,
                ["promoted"] = promoted,
                ["dryRun"] = dryRun,
                ["passed"] = failed.Count == 0,
                ["requirements"] = new JsonArray(results.Select(r => (JsonNode?)r.ToJson()).ToArray()),
            });
        }
        else
        {
            if (results.Count > 0)
            {
                var table = new Table("Requirements", "REQUIREMENT", "CANDIDATE", "REFERENCE", "MARGIN", "RESULT");
                foreach (var r in results)
                {
                    table.Add(r.Requirement.Text, Text.Number(r.Candidate), r.DescribeReference(), r.Margin is { } m ? Text.Signed(m) : "-", r.Passed ? "pass" : "FAIL");
                }

                table.Write(context.Out, context.Format);
            }

            var from = previous is null ? "" : previous.Version == candidate.Version ? " (it pointed there already)" : $" (it pointed at version {previous.Version})";
            context.Out.WriteLine(failed.Count > 0
                ? $"Not promoted: '{alias}' of {name} stays {(previous is null ? "unset" : "at version " + previous.Version)}."
                : dryRun ? $"Dry run: every requirement holds; '{alias}' of {name} would point at version {candidate.Version}{from}."
                : $"Promoted {name} version {candidate.Version} to '{alias}'{from}.");
        }

        foreach (var r in failed)
        {
            context.Error.WriteLine($"gate failed: {r.Explain()}");
        }

        return failed.Count > 0 ? ExitCodes.GateFailed : ExitCodes.Success;
    }

    public static async Task<int> PullAsync(CommandContext context, string target, string output, CancellationToken cancellationToken)
    {
        var (name, versionOrAlias) = ParseTarget(target, ModelAliases.Latest);
        var registry = context.OpenRegistry();

        // Resolve once, then read that number: an alias that moves meanwhile cannot mix two versions' file and metadata.
        var version = await registry.GetVersionAsync(name, versionOrAlias!, cancellationToken).ConfigureAwait(false);
        var bytes = await registry.ReadModelFileAsync(name, version.Version.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        var sha256 = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        if (bytes.LongLength != version.ModelFile.Length || !string.Equals(sha256, version.ModelFile.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(ExitCodes.Corrupt, $"The model file of {name} version {version.Version} is {bytes.LongLength} bytes with SHA-256 {sha256}, but its metadata records {version.ModelFile.Length} bytes with SHA-256 {version.ModelFile.Sha256}. Nothing was written.");
        }

        var path = Path.GetFullPath(output);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var metadataPath = Path.Combine(directory, Path.GetFileNameWithoutExtension(path) + ".metadata.json");
        var metadata = VersionJson(version);
        metadata["pulledFrom"] = context.RegistryRoot;
        metadata["requested"] = target;
        WriteAtomically(path, bytes);
        WriteAtomically(metadataPath, System.Text.Encoding.UTF8.GetBytes(metadata.ToJsonString(Text.JsonOptions) + "\n"));

        if (context.Format == OutputFormat.Json)
        {
            Text.WriteJson(context.Out, new JsonObject
            {
                ["name"] = name,
                ["version"] = version.Version,
                ["requested"] = target,
                ["path"] = path,
                ["metadataPath"] = metadataPath,
                ["length"] = bytes.LongLength,
                ["sha256"] = sha256,
            });
        }
        else
        {
            new Table(null, "MODEL", "VERSION", "FILE", "BYTES", "SHA-256", "METADATA")
                .Add(name, version.Version.ToString(CultureInfo.InvariantCulture), output, bytes.LongLength.ToString(CultureInfo.InvariantCulture), sha256, Path.GetFileName(metadataPath))
                .Write(context.Out, context.Format);
        }

        return ExitCodes.Success;
    }

    /// <summary>NAME, NAME@VERSION or NAME@ALIAS (a model name has no '@').</summary>
    public static (string Name, string? VersionOrAlias) ParseTarget(string target, string? whenAbsent)
    {
        var at = target.IndexOf('@');
        var name = at < 0 ? target : target.Substring(0, at);
        var version = at < 0 ? whenAbsent : target.Substring(at + 1);
        RegistryNames.ValidateModelName(name);
        if (version is not null && version.Length == 0)
        {
            throw new CliException(ExitCodes.Usage, $"'{target}' has nothing after '@': give NAME@VERSION or NAME@ALIAS.");
        }

        return (name, version);
    }

    public static JsonObject VersionJson(ModelVersion v) => new()
    {
        ["name"] = v.Name,
        ["version"] = v.Version,
        ["createdAtUtc"] = v.CreatedAtUtc,
        ["aliases"] = new JsonArray(v.Aliases.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        ["mlNetVersion"] = v.MlNetVersion,
        ["seed"] = v.Seed,
        ["sourceCommit"] = v.SourceCommit,
        ["trainingDataFingerprint"] = v.TrainingDataFingerprint,
        ["description"] = v.Description,
        ["inputSchema"] = new JsonArray(v.InputSchema.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["isHidden"] = c.IsHidden }).ToArray()),
        ["parameters"] = Text.Json(v.Parameters),
        ["metrics"] = Text.Json(v.Metrics),
        ["tags"] = Text.Json(v.Tags),
        ["modelFile"] = new JsonObject { ["name"] = v.ModelFile.Name, ["length"] = v.ModelFile.Length, ["sha256"] = v.ModelFile.Sha256 },
        ["artifacts"] = new JsonArray(v.Artifacts.Select(a => (JsonNode?)new JsonObject { ["name"] = a.Name, ["length"] = a.Length, ["sha256"] = a.Sha256 }).ToArray()),
        ["location"] = v.Directory,
    };

    /// <summary>A model's versions; a model with none is an error (an unknown name, or a typo).</summary>
    public static async Task<IReadOnlyList<ModelVersion>> ListExistingVersionsAsync(IAsyncModelRegistry registry, string name, string root, CancellationToken cancellationToken)
    {
        var versions = await registry.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            var known = await registry.ListModelsAsync(cancellationToken).ConfigureAwait(false);
            throw new CliException(ExitCodes.NotFound, $"No model named '{name}' is registered in '{root}' ({(known.Count == 0 ? "it has none" : "it has " + string.Join(", ", known))}).");
        }

        return versions;
    }

    private static JsonObject AliasesJson(IReadOnlyList<ModelVersion> versions)
    {
        var aliases = new JsonObject();
        foreach (var (alias, version) in versions.SelectMany(v => v.Aliases.Select(a => (a, v.Version))).OrderBy(a => a.a, StringComparer.Ordinal))
        {
            aliases[alias] = version;
        }

        return aliases;
    }

    private static string DescribeAliases(IReadOnlyList<ModelVersion> versions)
    {
        var aliases = versions.SelectMany(v => v.Aliases.Select(a => $"{a}={v.Version}")).OrderBy(a => a, StringComparer.Ordinal).ToList();
        return aliases.Count == 0 ? "-" : string.Join(", ", aliases);
    }

    private static void WriteDictionary(CommandContext context, string title, string header, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var table = new Table(title, header, "VALUE");
        foreach (var pair in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            table.Add(pair.Key, pair.Value);
        }

        table.Write(context.Out, context.Format);
    }

    private static List<(string Column, string? A, string? B)> SchemaDifferences(ModelVersion left, ModelVersion right)
    {
        static Dictionary<string, string> Visible(ModelVersion v)
        {
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var c in v.InputSchema.Where(c => !c.IsHidden))
            {
                columns[c.Name] = c.Type;
            }

            return columns;
        }

        var a = Visible(left);
        var b = Visible(right);
        return a.Keys.Union(b.Keys).OrderBy(c => c, StringComparer.Ordinal)
            .Select(c => (Column: c, A: a.TryGetValue(c, out var x) ? x : null, B: b.TryGetValue(c, out var y) ? y : null))
            .Where(c => c.A != c.B)
            .ToList();
    }

    private static double? Get(IReadOnlyDictionary<string, double> values, string key) => values.TryGetValue(key, out var value) ? value : null;

    private static string Or(string? text) => string.IsNullOrEmpty(text) ? "-" : text!;

    private static string ShortCommit(string? commit) => string.IsNullOrEmpty(commit) ? "-" : commit!.Length > 12 ? commit.Substring(0, 12) : commit;

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
