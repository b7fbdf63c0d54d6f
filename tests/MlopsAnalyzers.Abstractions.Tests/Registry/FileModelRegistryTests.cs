using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Tests.Registry;

public class FileModelRegistryTests
{
    /// <summary>
    /// The Microsoft.ML package version NuGet resolved for these tests (their deps.json: 5.0.1, or the version given
    /// with -p:MlNetVersion): the one the registry must record, read by it from the loaded assembly.
    /// </summary>
    private static readonly string ExpectedMlNetVersion = RestoredPackageVersion("Microsoft.ML");

    private static string RestoredPackageVersion(string package)
    {
        var deps = Path.Combine(AppContext.BaseDirectory, typeof(FileModelRegistryTests).Assembly.GetName().Name + ".deps.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(deps));
        var library = document.RootElement.GetProperty("libraries").EnumerateObject()
            .Single(l => l.Name.StartsWith(package + "/", StringComparison.OrdinalIgnoreCase));
        return library.Name.Substring(package.Length + 1);
    }

    // ---------------------------------------------------------------- round trip and metadata

    [Fact]
    public void RegisteredModelPredictsTheSameAfterLoading()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Fit(seed: 7);
        var before = Models.Predict(ml, model);

        var version = temp.Registry.Register(ml, "house-prices", model, data.Schema);

        var servingContext = new MLContext();
        var loaded = temp.Registry.Load(servingContext, "house-prices", ModelAliases.Latest, out var inputSchema);
        var after = Models.Predict(servingContext, loaded);
        Assert.Equal(before, after);
        Assert.True(before.Distinct().Count() == before.Count, "the probes must give different predictions, or equality proves little");
        Assert.Equal(new[] { "Size", "Rooms", "Price" }, inputSchema.Select(c => c.Name));
        Assert.Equal(1, version.Version);
        Assert.True(File.Exists(Path.Combine(temp.Root, "house-prices", "1", FileModelRegistry.ModelFileName)));
        Assert.True(File.Exists(Path.Combine(temp.Root, "house-prices", "1", FileModelRegistry.MetadataFileName)));
    }

    [Fact]
    public void MetadataRecordsWhatTheRegistrationSaysAndWhatTheRegistryKnows()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        var registration = new ModelRegistration
        {
            Seed = 1,
            SourceCommit = "0123456789abcdef0123456789abcdef01234567",
            TrainingDataFingerprint = "sha256:abc",
            Description = "first cut",
        };
        registration.Parameters["trainer"] = "Sdca";
        registration.Metrics["RSquared"] = 0.93;
        registration.Metrics["Odd"] = double.NaN;
        registration.Tags["team"] = "pricing";
        registration.Aliases.Add(ModelAliases.Staging);
        registration.AddTextArtifact("baseline.json", "{\"Size\":{\"mean\":90}}");

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var registered = temp.Registry.Register(ml, "house-prices", model, data.Schema, registration);
        var read = temp.Registry.GetVersion("house-prices", "1");

        foreach (var version in new[] { registered, read })
        {
            Assert.Equal("house-prices", version.Name);
            Assert.Equal(1, version.Version);
            Assert.InRange(version.CreatedAtUtc, before, DateTimeOffset.UtcNow.AddSeconds(1));
            Assert.Equal(TimeSpan.Zero, version.CreatedAtUtc.Offset);
            Assert.Equal(ExpectedMlNetVersion, version.MlNetVersion);
            Assert.Equal(new[] { "Size: Single", "Rooms: Single", "Price: Single" }, version.InputSchema.Select(c => c.ToString()));
            Assert.Equal(1, version.Seed);
            Assert.Equal(registration.SourceCommit, version.SourceCommit);
            Assert.Equal("sha256:abc", version.TrainingDataFingerprint);
            Assert.Equal("first cut", version.Description);
            Assert.Equal("Sdca", version.Parameters["trainer"]);
            Assert.Equal(0.93, version.Metrics["RSquared"]);
            Assert.True(double.IsNaN(version.Metrics["Odd"]));
            Assert.Equal("pricing", version.Tags["team"]);
            Assert.Equal(new[] { ModelAliases.Staging }, version.Aliases);
            Assert.Equal("baseline.json", Assert.Single(version.Artifacts).Name);
        }

        Assert.Equal("{\"Size\":{\"mean\":90}}", temp.Registry.ReadTextArtifact("house-prices", ModelAliases.Staging, "baseline.json"));
        Assert.Throws<ModelNotFoundException>(() => temp.Registry.ReadArtifact("house-prices", "1", "other.json"));
    }

    [Fact]
    public async Task TheModelFileIsReadAsStoredAndCheckedAgainstItsRecordedLengthAndHash()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        var second = temp.Registry.Register(ml, "m", model, data.Schema);
        temp.Registry.SetAlias("m", ModelAliases.Production, 1);
        var path = Path.Combine(temp.Root, "m", "1", FileModelRegistry.ModelFileName);
        var onDisk = File.ReadAllBytes(path);

        var version = temp.Registry.GetVersion("m", ModelAliases.Production);
        Assert.Equal(onDisk, temp.Registry.ReadModelFile("m", ModelAliases.Production));
        Assert.Equal(onDisk, await temp.Registry.ReadModelFileAsync("m", "1"));
        Assert.Equal((FileModelRegistry.ModelFileName, onDisk.LongLength), (version.ModelFile.Name, version.ModelFile.Length));
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(onDisk)).ToLowerInvariant(), version.ModelFile.Sha256);
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Root, "m", "2", FileModelRegistry.ModelFileName)).LongLength, second.ModelFile.Length);

        onDisk[onDisk.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, onDisk);
        var altered = Assert.Throws<CorruptModelException>(() => temp.Registry.ReadModelFile("m", ModelAliases.Production));
        Assert.Equal(path, altered.FilePath);
        Assert.Throws<ModelNotFoundException>(() => temp.Registry.ReadModelFile("m", "3"));
        Assert.Throws<ModelNotFoundException>(() => temp.Registry.ReadModelFile("other", ModelAliases.Latest));
    }

    [Fact]
    public void SourceCommitIsDetectedWhenNotGiven()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        var version = temp.Registry.Register(ml, "m", model, data.Schema);
        Assert.Equal(SourceCommit.Detect(), version.SourceCommit);
    }

    // ---------------------------------------------------------------- versions and aliases

    [Fact]
    public void VersionsAreNumberedPerNameFromOne()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();

        Assert.Equal(1, temp.Registry.Register(ml, "a", model, data.Schema).Version);
        Assert.Equal(2, temp.Registry.Register(ml, "a", model, data.Schema).Version);
        Assert.Equal(1, temp.Registry.Register(ml, "b", model, data.Schema).Version);
        Assert.Equal(3, temp.Registry.Register(ml, "a", model, data.Schema).Version);

        Assert.Equal(new[] { 1, 2, 3 }, temp.Registry.ListVersions("a").Select(v => v.Version));
        Assert.Equal(3, temp.Registry.GetVersion("a", ModelAliases.Latest).Version);
        Assert.Equal(2, temp.Registry.GetVersion("a", "2").Version);
        Assert.Equal(new[] { "a", "b" }, temp.Registry.ListModels());
        Assert.Empty(temp.Registry.ListVersions("never-registered"));

        var missing = Assert.Throws<ModelNotFoundException>(() => temp.Registry.GetVersion("a", "4"));
        Assert.Contains("no version 4", missing.Message, StringComparison.Ordinal);
        Assert.Contains("1, 2, 3", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ModelNotFoundException>(() => temp.Registry.Load(ml, "nope", ModelAliases.Latest, out _));
    }

    [Fact]
    public void AliasesAreSetMovedAndRemoved()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        temp.Registry.Register(ml, "m", model, data.Schema);

        temp.Registry.SetAlias("m", ModelAliases.Production, 1);
        Assert.Equal(1, temp.Registry.GetVersion("m", ModelAliases.Production).Version);
        Assert.Equal(new[] { ModelAliases.Production }, temp.Registry.GetVersion("m", "1").Aliases);

        temp.Registry.SetAlias("m", ModelAliases.Production, ModelAliases.Latest);
        Assert.Equal(2, temp.Registry.GetVersion("m", ModelAliases.Production).Version);
        Assert.Empty(temp.Registry.GetVersion("m", "1").Aliases);
        temp.Registry.Load(ml, "m", ModelAliases.Production, out _);

        Assert.True(temp.Registry.RemoveAlias("m", ModelAliases.Production));
        Assert.False(temp.Registry.RemoveAlias("m", ModelAliases.Production));
        var error = Assert.Throws<ModelNotFoundException>(() => temp.Registry.GetVersion("m", ModelAliases.Production));
        Assert.Contains("no alias 'production'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("LATEST")]
    [InlineData("3")]
    [InlineData("../x")]
    [InlineData("")]
    public void InvalidAliasesAreRejected(string alias)
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        Assert.ThrowsAny<ArgumentException>(() => temp.Registry.SetAlias("m", alias, 1));
    }

    [Fact]
    public void AnAliasCannotPointAtAMissingVersion()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        Assert.Throws<ModelNotFoundException>(() => temp.Registry.SetAlias("m", ModelAliases.Production, 2));
    }

    // ---------------------------------------------------------------- schema check

    [Fact]
    public void LoadingChecksTheCallersSchemaWhenAsked()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);

        var servingSchema = ml.Data.LoadFromEnumerable(Array.Empty<HouseInput>()).Schema;
        var loaded = temp.Registry.Load(ml, "m", ModelAliases.Latest, servingSchema, out _);
        Assert.NotNull(loaded);

        var wrongSchema = ml.Data.LoadFromEnumerable(Array.Empty<WrongInput>()).Schema;
        var error = Assert.Throws<ModelSchemaMismatchException>(() => temp.Registry.Load(ml, "m", ModelAliases.Latest, wrongSchema, out _));
        Assert.Contains("'Size' is String, the model was trained with Single", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Colour' (String) is not an input column of the model", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Mismatches.Count);
    }

    public sealed class WrongInput
    {
        public string Size { get; set; } = "";

        public float Rooms { get; set; }

        public string Colour { get; set; } = "";
    }

    // ---------------------------------------------------------------- names

    [Theory]
    [InlineData("..", "'..'")]
    [InlineData("../escape", "path separator")]
    [InlineData("a/b", "path separator")]
    [InlineData("a\\b", "path separator")]
    [InlineData("/etc/passwd", "path separator")]
    [InlineData("C:\\models\\m", "':'")]
    [InlineData("C:", "':'")]
    [InlineData("a..b", "'..'")]
    [InlineData(".hidden", "does not start with a letter or digit")]
    [InlineData("-dash", "does not start with a letter or digit")]
    [InlineData("name.", "ends with '.'")]
    [InlineData("", "empty")]
    [InlineData("with space", "space")]
    [InlineData("tab\t", "control character")]
    [InlineData("caf\u00e9", "character")]
    [InlineData("star*", "character '*'")]
    [InlineData("con", "reserved device name")]
    [InlineData("NUL.zip", "reserved device name")]
    public void ModelNamesThatCouldEscapeTheRootAreRejected(string name, string reason)
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        var error = Assert.ThrowsAny<ArgumentException>(() => temp.Registry.Register(ml, name, model, data.Schema));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal("name", error.ParamName);
        Assert.ThrowsAny<ArgumentException>(() => temp.Registry.Load(ml, name, ModelAliases.Latest, out _));
        Assert.ThrowsAny<ArgumentException>(() => temp.Registry.GetVersion(name, "1"));
        Assert.ThrowsAny<ArgumentException>(() => temp.Registry.ListVersions(name));
        Assert.False(Directory.Exists(temp.Root), "nothing may be written for a rejected name");
    }

    [Fact]
    public void OverlongNamesAreRejected()
        => Assert.Contains("longer than 100", Assert.Throws<ArgumentException>(() => RegistryNames.ValidateModelName(new string('m', 101))).Message, StringComparison.Ordinal);

    [Fact]
    public void NullNameIsRejected()
        => Assert.Throws<ArgumentNullException>(() => RegistryNames.ValidateModelName(null!));

    [Theory]
    [InlineData("churn-model")]
    [InlineData("HousePrices")]
    [InlineData("model_v2.1")]
    [InlineData("7")]
    public void OrdinaryNamesAreAccepted(string name) => RegistryNames.ValidateModelName(name);

    [Fact]
    public void InvalidArtifactNamesAreRejectedBeforeAnythingIsWritten()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        var registration = new ModelRegistration().AddTextArtifact("../baseline.json", "{}");
        Assert.ThrowsAny<ArgumentException>(() => temp.Registry.Register(ml, "m", model, data.Schema, registration));
        Assert.False(Directory.Exists(temp.Root));
    }

    [Fact]
    public void NullSchemaIsRejectedWithAHint()
    {
        using var temp = new TempRegistry();
        var (ml, model, _) = Models.Train();
        var error = Assert.Throws<ArgumentNullException>(() => temp.Registry.Register(ml, "m", model, null!));
        Assert.Contains("Schema", error.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- corruption is reported, never skipped

    [Theory]
    [InlineData("{ not json")]
    [InlineData("null")]
    [InlineData("{\"formatVersion\":1,\"name\":\"m\",\"version\":1}")]
    [InlineData("{\"formatVersion\":99,\"name\":\"m\",\"version\":1}")]
    [InlineData("{\"formatVersion\":1,\"name\":\"other\",\"version\":1}")]
    public void CorruptMetadataGivesAnExceptionNamingTheFile(string content)
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        var metadata = Path.Combine(temp.Root, "m", "1", FileModelRegistry.MetadataFileName);
        File.WriteAllText(metadata, content);

        foreach (var action in new Action[]
        {
            () => temp.Registry.GetVersion("m", ModelAliases.Latest),
            () => temp.Registry.Load(ml, "m", "1", out _),
            () => temp.Registry.ListVersions("m"),
        })
        {
            var error = Assert.Throws<CorruptModelException>(action);
            Assert.Equal(metadata, error.FilePath);
            Assert.Contains(metadata, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MissingMetadataGivesAnExceptionNamingTheFile()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        temp.Registry.Register(ml, "m", model, data.Schema);
        var metadata = Path.Combine(temp.Root, "m", "1", FileModelRegistry.MetadataFileName);
        File.Delete(metadata);

        var error = Assert.Throws<CorruptModelException>(() => temp.Registry.ListVersions("m"));
        Assert.Equal(metadata, error.FilePath);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);

        // Version 2 is intact and still loads; version 1 is not silently skipped by the listing above.
        temp.Registry.Load(ml, "m", "2", out _);
    }

    [Fact]
    public void AnAlteredModelFileIsDetectedOnLoad()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        var file = Path.Combine(temp.Root, "m", "1", FileModelRegistry.ModelFileName);
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var error = Assert.Throws<CorruptModelException>(() => temp.Registry.Load(ml, "m", "1", out _));
        Assert.Equal(file, error.FilePath);

        File.Delete(file);
        Assert.Contains("missing", Assert.Throws<CorruptModelException>(() => temp.Registry.Load(ml, "m", "1", out _)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptAliasFileAndDanglingAliasesAreReported()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        var aliases = Path.Combine(temp.Root, "m", FileModelRegistry.AliasesFileName);

        File.WriteAllText(aliases, "{\"production\": 7}");
        var dangling = Assert.Throws<CorruptModelException>(() => temp.Registry.GetVersion("m", ModelAliases.Production));
        Assert.Equal(aliases, dangling.FilePath);

        File.WriteAllText(aliases, "[1, 2");
        var corrupt = Assert.Throws<CorruptModelException>(() => temp.Registry.SetAlias("m", ModelAliases.Production, 1));
        Assert.Equal(aliases, corrupt.FilePath);
    }

    // ---------------------------------------------------------------- crash safety

    [Fact]
    public void LeftoverTemporaryFoldersAreIgnoredAndCleaned()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        var modelDirectory = Path.Combine(temp.Root, "m");

        // A registration of a process that died half-way through writing: its lock file is left, but no longer held.
        var dead = Path.Combine(modelDirectory, $".tmp-999999999-{Guid.NewGuid():N}-{Environment.MachineName}");
        Directory.CreateDirectory(dead);
        File.WriteAllBytes(Path.Combine(dead, FileModelRegistry.ModelFileName), new byte[] { 0x50, 0x4B });
        File.WriteAllBytes(dead + ".lock", Array.Empty<byte>());

        // Folders without a lock file (an earlier library version's): young, kept; an old one: removed.
        var foreignYoung = Path.Combine(modelDirectory, $".tmp-42-{Guid.NewGuid():N}-some-other-host");
        var foreignOld = Path.Combine(modelDirectory, $".tmp-42-{Guid.NewGuid():N}-some-other-host");
        Directory.CreateDirectory(foreignYoung);
        Directory.CreateDirectory(foreignOld);
        Directory.SetLastWriteTimeUtc(foreignOld, DateTime.UtcNow.AddDays(-2));

        Assert.Empty(temp.Registry.ListVersions("m"));
        Assert.Empty(temp.Registry.ListModels());
        Assert.Throws<ModelNotFoundException>(() => temp.Registry.GetVersion("m", ModelAliases.Latest));

        Assert.Equal(1, temp.Registry.Register(ml, "m", model, data.Schema).Version);
        Assert.False(Directory.Exists(dead));
        Assert.False(Directory.Exists(foreignOld));
        Assert.True(Directory.Exists(foreignYoung));
        Assert.Equal(new[] { "1" }, Directory.GetDirectories(modelDirectory).Select(Path.GetFileName).Where(n => !n!.StartsWith(".", StringComparison.Ordinal)));
    }

    // ---------------------------------------------------------------- concurrency (threads; processes are in ProcessConcurrencyTests)

    [Fact]
    public void ConcurrentRegistrationsFromThreadsGetDistinctVersions()
    {
        using var temp = new TempRegistry();
        var (_, model, data) = Models.Train();
        const int writers = 8;

        var versions = new int[writers];
        using var start = new System.Threading.Barrier(writers);
        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, i =>
        {
            var registry = new FileModelRegistry(temp.Root);
            var context = new MLContext(seed: i);
            start.SignalAndWait();
            var registration = new ModelRegistration();
            registration.Tags["writer"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            versions[i] = registry.Register(context, "m", model, data.Schema, registration).Version;
            registry.SetAlias("m", "writer-" + i, versions[i]);
        });

        Assert.Equal(Enumerable.Range(1, writers), versions.OrderBy(v => v));
        var listed = temp.Registry.ListVersions("m");
        Assert.Equal(writers, listed.Count);
        for (var i = 0; i < writers; i++)
        {
            var version = temp.Registry.GetVersion("m", "writer-" + i);
            Assert.Equal(versions[i], version.Version);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), version.Tags["writer"]);
        }
    }
}
