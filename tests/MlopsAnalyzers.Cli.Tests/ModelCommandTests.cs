using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using MlopsAnalyzers.Abstractions;

namespace MlopsAnalyzers.Cli.Tests;

/// <summary><c>mlops models ...</c> run as a process on a file registry.</summary>
[Trait("Category", "Cli")]
public sealed class ModelCommandTests
{
    [Fact]
    public void ListShowsEveryModelWithItsVersionsAndAliases_AsATableMarkdownAndJson()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var table = w.Run("models", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("MODEL", lines[0]);
        var house = Assert.Single(lines, l => l.StartsWith("house", StringComparison.Ordinal));
        Assert.Contains("production=2, staging=3", house);
        // Aligned: each column starts where its header starts.
        Assert.Equal(lines[0].IndexOf("ALIASES", StringComparison.Ordinal), house.IndexOf("production", StringComparison.Ordinal));

        var markdown = w.Run("models", "list", "--format", "markdown");
        Assert.Contains("| MODEL | VERSIONS | LATEST | ALIASES | LAST REGISTERED |", markdown.Output);
        Assert.Contains("| house | 3 | 3 | production=2, staging=3 |", markdown.Output);

        var json = w.Run("models", "list", "--json").Json;
        var models = json.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(new[] { "churn", "house" }, models.Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(new[] { 1, 2, 3 }, models[1].GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(2, models[1].GetProperty("aliases").GetProperty("production").GetInt32());
        Assert.Equal(JsonValueKind.Object, models[0].GetProperty("aliases").ValueKind);
    }

    [Fact]
    public void ShowGivesOneVersionInFull_AndEveryVersionWithoutOne()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var json = w.Run("models", "show", "house@production", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var v = json.Json;
        Assert.Equal(2, v.GetProperty("version").GetInt32());
        Assert.Equal(41, v.GetProperty("seed").GetInt32());
        Assert.StartsWith("222aaaa", v.GetProperty("sourceCommit").GetString());
        Assert.Equal("sha256:02feedface", v.GetProperty("trainingDataFingerprint").GetString());
        Assert.Equal("100", v.GetProperty("parameters").GetProperty("iterations").GetString());
        Assert.Equal(0.85, v.GetProperty("metrics").GetProperty("RSquared").GetDouble());
        Assert.Equal(new[] { "Size", "Rooms", "Price" }, v.GetProperty("inputSchema").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(new[] { "production" }, v.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var stored = File.ReadAllBytes(Path.Combine(w.RegistryRoot, "house", "2", "model.zip"));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(stored)).ToLowerInvariant(), v.GetProperty("modelFile").GetProperty("sha256").GetString());

        var text = w.Run("models", "show", "house@1");
        Assert.Contains("house version 1", text.Output);
        Assert.Contains("Signature (input schema)", text.Output);
        Assert.Matches(@"Size\s+Single", text.Output);
        Assert.Matches(@"RSquared\s+0\.8\b", text.Output);
        Assert.Matches(@"seed\s+40", text.Output);

        var all = w.Run("models", "show", "house");
        Assert.True(all.ExitCode == 0, all.ToString());
        var rows = all.Output.Split('\n').Select(l => l.TrimStart()).Where(l => l.Length > 0 && char.IsDigit(l[0])).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("staging", rows[2]);
        Assert.Matches(@"RMSE\s+RSquared", all.Output);
    }

    [Fact]
    public void DiffShowsMetricParameterAndSchemaDifferences()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var json = w.Run("models", "diff", "house", "production", "3", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var d = json.Json;
        Assert.Equal((2, 3), (d.GetProperty("a").GetInt32(), d.GetProperty("b").GetInt32()));
        var r2 = d.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "RSquared");
        Assert.Equal(0.83 - 0.85, r2.GetProperty("delta").GetDouble(), 10);
        var age = Assert.Single(d.GetProperty("schema").EnumerateArray());
        Assert.Equal("Age", age.GetProperty("column").GetString());
        Assert.Equal(JsonValueKind.Null, age.GetProperty("a").ValueKind);
        Assert.Equal("Single", age.GetProperty("b").GetString());
        Assert.True(d.GetProperty("schemaChanged").GetBoolean());
        Assert.Equal("iterations", Assert.Single(d.GetProperty("parameters").EnumerateArray()).GetProperty("parameter").GetString());

        var text = w.Run("models", "diff", "house", "1", "2");
        Assert.Matches(@"RSquared\s+0\.8\s+0\.85\s+\+0\.05", text.Output);
        Assert.Contains("Signature (input schema): the same.", text.Output);

        var markdown = w.Run("models", "diff", "house", "1", "3", "--format", "markdown");
        Assert.Contains("| Age | (absent) | Single |", markdown.Output);
    }

    [Fact]
    public void PromoteMovesTheAliasWhenEveryRequirementHolds()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        // Version 3 beats nothing in production on RSquared (0.83 < 0.85), but holds against numbers.
        var promoted = w.Run("models", "promote", "house", "3", "--alias", "production", "--require", "RSquared>=0.8", "--require", "RMSE<=11");
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.Contains("Promoted house version 3 to 'production' (it pointed at version 2).", promoted.Output);
        Assert.Equal(3, w.Registry.GetVersion("house", ModelAliases.Production).Version);

        // The first promotion to an alias has nothing to compare with.
        var first = w.Run("models", "promote", "churn", "latest", "--alias", "champion", "--require", "AUC>=champion", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(first.Json.GetProperty("promoted").GetBoolean());
        Assert.Contains("not set yet", first.Json.GetProperty("requirements")[0].GetProperty("note").GetString());
        Assert.Equal(1, w.Registry.GetVersion("churn", "champion").Version);
    }

    [Fact]
    public void AFailedGateExitsWith4_SaysWhichRequirementFailedByHowMuch_AndLeavesTheAlias()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var failed = w.Run("models", "promote", "house", "3", "--alias", "production", "--require", "RSquared>=production", "--require", "RMSE<=12");
        Assert.Equal(4, failed.ExitCode);
        Assert.Contains("gate failed: RSquared>=production: RSquared is 0.83, against 0.85 (production, version 2): short by 0.02.", failed.Error);
        Assert.DoesNotContain("RMSE<=12", failed.Error);
        Assert.Matches(@"RMSE<=12\s+11\s+12\s+\+1\s+pass", failed.Output);
        Assert.Contains("Not promoted: 'production' of house stays at version 2.", failed.Output);
        Assert.Equal(2, w.Registry.GetVersion("house", ModelAliases.Production).Version);

        var json = w.Run("models", "promote", "house", "3", "--alias", "production", "--require", "RSquared>0.9", "--require", "AUC>=0.5", "--json");
        Assert.Equal(4, json.ExitCode);
        var requirements = json.Json.GetProperty("requirements").EnumerateArray().ToList();
        Assert.False(json.Json.GetProperty("promoted").GetBoolean());
        Assert.Equal(-0.07, requirements[0].GetProperty("margin").GetDouble(), 10);
        Assert.Contains("the candidate has no metric 'AUC'", requirements[1].GetProperty("message").GetString());
        Assert.Equal(2, w.Registry.GetVersion("house", ModelAliases.Production).Version);

        var dryRun = w.Run("models", "promote", "house", "1", "--alias", "staging", "--dry-run");
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("Dry run", dryRun.Output);
        Assert.Equal(3, w.Registry.GetVersion("house", ModelAliases.Staging).Version);
    }

    [Fact]
    public void PromoteRefusesBadRequirementsAndUnknownReferences()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var syntax = w.Run("models", "promote", "house", "3", "--alias", "production", "--require", "RSquared about 0.8");
        Assert.Equal(2, syntax.ExitCode);
        Assert.Contains("is not METRIC OP VALUE", syntax.Error);

        var unknownAlias = w.Run("models", "promote", "house", "3", "--alias", "production", "--require", "RSquared>=champion");
        Assert.Equal(3, unknownAlias.ExitCode);
        Assert.Contains("no alias 'champion'", unknownAlias.Error);

        var missingAlias = w.Run("models", "promote", "house", "3");
        Assert.Equal(2, missingAlias.ExitCode);
        Assert.Contains("--alias", missingAlias.Error);

        Assert.Equal(2, w.Registry.GetVersion("house", ModelAliases.Production).Version);
    }

    [Fact]
    public void PullWritesTheVerifiedModelFileAndItsMetadataNextToIt()
    {
        using var w = new Workspace();
        Seed.Fill(w);

        var pulled = w.Run("models", "pull", "house@production", "-o", "serving/model.zip", "--json");
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        var bytes = File.ReadAllBytes(w.PathOf("serving/model.zip"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(w.RegistryRoot, "house", "2", "model.zip")), bytes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), pulled.Json.GetProperty("sha256").GetString());
        var metadata = JsonDocument.Parse(File.ReadAllText(w.PathOf("serving/model.metadata.json"))).RootElement;
        Assert.Equal(2, metadata.GetProperty("version").GetInt32());
        Assert.Equal("house@production", metadata.GetProperty("requested").GetString());
        Assert.Equal(bytes.Length, metadata.GetProperty("modelFile").GetProperty("length").GetInt64());

        // The pulled file is the model: ML.NET loads it and it predicts like the registered one.
        var ml = new Microsoft.ML.MLContext();
        var loaded = ml.Model.Load(w.PathOf("serving/model.zip"), out _);
        Assert.Equal(Abstractions.Tests.Registry.Models.Predict(ml, w.Registry.Load(ml, "house", "2", out _)), Abstractions.Tests.Registry.Models.Predict(ml, loaded));
        Assert.Empty(Directory.GetFiles(w.PathOf("serving"), "*.tmp"));
    }

    [Fact]
    public void PullRefusesAnAlteredModelFileAndWritesNothing()
    {
        using var w = new Workspace();
        Seed.Fill(w);
        var path = Path.Combine(w.RegistryRoot, "house", "2", "model.zip");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var pulled = w.Run("models", "pull", "house@production", "-o", "model.zip");
        Assert.Equal(5, pulled.ExitCode);
        Assert.Contains("SHA-256", pulled.Error);
        Assert.False(File.Exists(w.PathOf("model.zip")));
        Assert.False(File.Exists(w.PathOf("model.metadata.json")));

        // Another version is untouched.
        Assert.Equal(0, w.Run("models", "pull", "house@1", "-o", "model.zip").ExitCode);
    }

    [Theory]
    [InlineData("show", "nothing", 3, "No model named 'nothing'")]
    [InlineData("show", "nothing@1", 3, "No model named 'nothing'")]
    [InlineData("show", "house@9", 3, "has no version 9")]
    [InlineData("show", "house@0", 3, "no alias '0'")]
    [InlineData("show", "house@champion", 3, "no alias 'champion'")]
    [InlineData("show", "house@", 2, "nothing after '@'")]
    [InlineData("show", "../house", 2, "model name")]
    [InlineData("pull", "nothing@production", 3, "No model named 'nothing'")]
    [InlineData("pull", "house@9", 3, "has no version 9")]
    public void UnknownModelsAndBadVersionsExitWithTheirCode(string command, string target, int exitCode, string message)
    {
        using var w = new Workspace();
        Seed.Fill(w);
        var result = command == "pull" ? w.Run("models", command, target, "-o", "m.zip") : w.Run("models", command, target);
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(message, result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void DiffAndPromoteOfUnknownVersionsExitWith3()
    {
        using var w = new Workspace();
        Seed.Fill(w);
        Assert.Equal(3, w.Run("models", "diff", "house", "1", "7").ExitCode);
        Assert.Equal(3, w.Run("models", "diff", "nothing", "1", "2").ExitCode);
        var promote = w.Run("models", "promote", "house", "7", "--alias", "production");
        Assert.Equal(3, promote.ExitCode);
        Assert.Contains("has no version 7", promote.Error);
    }

    [Fact]
    public void CorruptMetadataExitsWith5AndNamesTheFile()
    {
        using var w = new Workspace();
        Seed.Fill(w);
        var metadata = Path.Combine(w.RegistryRoot, "house", "3", "metadata.json");
        File.WriteAllText(metadata, "{ \"formatVersion\": 1, \"name\": \"house\", ");

        foreach (var arguments in new[] { new[] { "models", "list" }, new[] { "models", "show", "house@3" }, new[] { "models", "show", "house" }, new[] { "models", "pull", "house@staging", "-o", "m.zip" }, new[] { "models", "promote", "house", "3", "--alias", "production" } })
        {
            var result = w.Run(arguments);
            Assert.True(result.ExitCode == 5, string.Join(' ', arguments) + ": " + result);
            Assert.Contains(metadata, result.Error);
        }

        // The other versions still read.
        Assert.Equal(0, w.Run("models", "show", "house@production").ExitCode);
        Assert.Equal(2, w.Registry.GetVersion("house", ModelAliases.Production).Version);
    }

    [Fact]
    public void CommandLineErrorsExitWith2()
    {
        using var w = new Workspace();
        var unknown = w.Run("models", "frobnicate");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("error:", unknown.Error);
        Assert.Equal(2, w.Run("models", "show").ExitCode);
        Assert.Equal(2, w.Run("models", "list", "--format", "yaml").ExitCode);
        Assert.Equal(0, w.Run("--help").ExitCode);
    }

    [Fact]
    public void TheRootsComeFromTheEnvironmentWhenNotGiven()
    {
        using var w = new Workspace();
        Seed.Fill(w);
        var result = Mlops.Run(w.Directory, new System.Collections.Generic.Dictionary<string, string?> { ["MLOPS_REGISTRY_ROOT"] = w.RegistryRoot }, "models", "list", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.Json.GetProperty("models").GetArrayLength());

        var empty = Mlops.Run(w.Directory, "models", "list", "--json");
        Assert.Equal(0, empty.Json.GetProperty("models").GetArrayLength());
        Assert.EndsWith(Path.Combine(".mlops", "registry"), empty.Json.GetProperty("root").GetString());
    }
}
