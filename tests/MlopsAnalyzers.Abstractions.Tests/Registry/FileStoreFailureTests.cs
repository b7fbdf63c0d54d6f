using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions.Tests.Registry;

/// <summary>
/// The breaks a failure-injection probe of the file store found (issue 13, items 1 to 6 and 8); each test failed
/// before its fix. Item 7 (large experiment files) is in <c>Tracking/LargeExperimentFileTests</c>.
/// </summary>
public class FileStoreFailureTests
{
    // ---------------------------------------------------------------- 1. Register never throws after publishing

    [Fact]
    public void ACorruptAliasFileFailsTheRegistrationBeforeTheVersionIsPublished()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        File.WriteAllText(Path.Combine(temp.Root, "m", FileModelRegistry.AliasesFileName), "{ not json");
        var registration = new ModelRegistration();
        registration.Aliases.Add(ModelAliases.Staging);

        Assert.Throws<CorruptModelException>(() => temp.Registry.Register(ml, "m", model, data.Schema, registration));

        Assert.Equal(new[] { "1" }, VersionFolders(temp));
    }

    [Fact]
    public void AnAliasLockHeldPastTheTimeoutFailsTheRegistrationBeforeTheVersionIsPublished()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        temp.Registry.LockTimeout = TimeSpan.FromSeconds(1);
        var registration = new ModelRegistration();
        registration.Aliases.Add(ModelAliases.Production);

        using (new FileStream(Path.Combine(temp.Root, "m", ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = Assert.ThrowsAny<ModelRegistryException>(() => temp.Registry.Register(ml, "m", model, data.Schema, registration));
            Assert.Contains("lock", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(new[] { "1" }, VersionFolders(temp));

        // Once the lock is free, the retry registers exactly one more version.
        Assert.Equal(2, temp.Registry.Register(ml, "m", model, data.Schema, registration).Version);
        Assert.Equal(new[] { ModelAliases.Production }, temp.Registry.GetVersion("m", "2").Aliases);
    }

    [Fact]
    public void AnAliasFileThatCannotBeWrittenAfterPublishingIsReportedAndTheVersionReturned()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);

        // A folder where aliases.json should be: reading finds no aliases, replacing it fails after publishing.
        Directory.CreateDirectory(Path.Combine(temp.Root, "m", FileModelRegistry.AliasesFileName));
        var registration = new ModelRegistration();
        registration.Aliases.Add(ModelAliases.Staging);
        var warnings = new WarningListener();
        Trace.Listeners.Add(warnings);
        ModelVersion registered;
        try
        {
            registered = temp.Registry.Register(ml, "m", model, data.Schema, registration);
        }
        finally
        {
            Trace.Listeners.Remove(warnings);
        }

        Assert.Equal(2, registered.Version);
        Assert.Empty(registered.Aliases);
        Assert.Contains(warnings.Messages, m => m.Contains("version 2 of model 'm' is registered, but its aliases (staging) could not be written", StringComparison.Ordinal));
        Assert.Equal(new[] { "1", "2" }, VersionFolders(temp));
    }

    // ---------------------------------------------------------------- 2. staleness survives PID namespaces

    [Fact]
    public void ATemporaryFolderWhoseWriterHoldsItsLockIsKeptWhateverItsProcessId()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        var modelDirectory = Path.Combine(temp.Root, "m");

        // A writer in another PID namespace on this host: its process ID means nothing here, but it holds its lock.
        var busy = Path.Combine(modelDirectory, $".tmp-999999998-{Guid.NewGuid():N}-{Environment.MachineName}");
        Directory.CreateDirectory(busy);
        File.WriteAllBytes(Path.Combine(busy, FileModelRegistry.ModelFileName), new byte[] { 0x50, 0x4B });
        using var held = new FileStream(busy + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        Assert.Equal(1, temp.Registry.Register(ml, "m", model, data.Schema).Version);

        Assert.True(Directory.Exists(busy), "a live writer's temporary folder was deleted");
        Assert.True(File.Exists(Path.Combine(busy, FileModelRegistry.ModelFileName)));
    }

    [Fact]
    public void ATemporaryFolderWhoseLockIsFreeIsRemovedEvenIfItsProcessIdIsInUse()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        var modelDirectory = Path.Combine(temp.Root, "m");

        // A dead writer from another namespace whose PID happens to be this process's.
        var dead = Path.Combine(modelDirectory, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}-{Environment.MachineName}");
        Directory.CreateDirectory(dead);
        File.WriteAllBytes(dead + ".lock", Array.Empty<byte>());

        temp.Registry.Register(ml, "m", model, data.Schema);

        Assert.False(Directory.Exists(dead));
        Assert.False(File.Exists(dead + ".lock"));
    }

    // ---------------------------------------------------------------- 3. null entries in metadata

    [Theory]
    [InlineData("inputSchema", "[null]")]
    [InlineData("inputSchema", "[{\"name\":null,\"type\":\"Single\"}]")]
    [InlineData("inputSchema", "[{\"name\":\"Size\",\"type\":null}]")]
    [InlineData("artifacts", "[null]")]
    [InlineData("artifacts", "[{\"name\":null,\"length\":1,\"sha256\":\"00\"}]")]
    [InlineData("artifacts", "[{\"name\":\"a\",\"length\":1,\"sha256\":null}]")]
    [InlineData("modelFile", "{\"name\":\"model.zip\",\"length\":1}")]
    [InlineData("parameters", "{\"trainer\":null}")]
    [InlineData("tags", "{\"team\":null}")]
    public void NullEntriesInTheMetadataAreReportedAsCorruption(string property, string json)
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema, new ModelRegistration().AddTextArtifact("a", "x"));
        var metadata = Path.Combine(temp.Root, "m", "1", FileModelRegistry.MetadataFileName);
        var document = JsonNode.Parse(File.ReadAllText(metadata))!.AsObject();
        document[property] = JsonNode.Parse(json);
        File.WriteAllText(metadata, document.ToJsonString());

        foreach (var action in new Action[]
        {
            () => temp.Registry.GetVersion("m", ModelAliases.Latest),
            () => temp.Registry.ListVersions("m"),
            () => temp.Registry.Load(ml, "m", "1", out _),
            () => temp.Registry.ReadArtifact("m", "1", "a"),
        })
        {
            var error = Assert.Throws<CorruptModelException>(action);
            Assert.Equal(metadata, error.FilePath);
            Assert.Contains(property, error.Message, StringComparison.Ordinal);
        }
    }

    // ---------------------------------------------------------------- 4. a stray file named like a version

    [Fact]
    public void AStrayFileNamedLikeTheNextVersionIsSteppedOver()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        File.WriteAllText(Path.Combine(temp.Root, "m", "2"), "not a version");

        Assert.Equal(3, temp.Registry.Register(ml, "m", model, data.Schema).Version);
        Assert.Equal(4, temp.Registry.Register(ml, "m", model, data.Schema).Version);

        Assert.Equal(new[] { 1, 3, 4 }, temp.Registry.ListVersions("m").Select(v => v.Version));
        Assert.Equal("not a version", File.ReadAllText(Path.Combine(temp.Root, "m", "2")));
    }

    // ---------------------------------------------------------------- 5. the highest version number

    [Fact]
    public void TheHighestVersionNumberStopsRegistrationAtOnceWithAClearError()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        Directory.CreateDirectory(Path.Combine(temp.Root, "m", "999999999"));

        var clock = Stopwatch.StartNew();
        var error = Assert.ThrowsAny<ModelRegistryException>(() => temp.Registry.Register(ml, "m", model, data.Schema));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("999999999", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "1", "999999999" }, VersionFolders(temp));
    }

    // ---------------------------------------------------------------- 6. a registry this process may not write

    [Fact]
    public void SetAliasOnARegistryItCannotWriteFailsAtOnceWithARegistryError()
    {
        using var temp = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        var modelDirectory = Path.Combine(temp.Root, "m");

        // A read-only folder for an ordinary user on Linux or macOS; root ignores permissions (and Windows has none
        // to set here), so there the lock path is made unopenable as a file (the system answers "access denied" too).
        var readOnly = !OperatingSystem.IsWindows() && Environment.UserName != "root";
        if (!OperatingSystem.IsWindows() && readOnly)
        {
            File.SetUnixFileMode(modelDirectory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(Path.Combine(modelDirectory, ".lock"));
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var error = Assert.ThrowsAny<ModelRegistryException>(() => temp.Registry.SetAlias("m", ModelAliases.Production, 1));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed} (the lock timeout is {temp.Registry.LockTimeout})");
            Assert.IsType<UnauthorizedAccessException>(error.InnerException);
            Assert.Contains("cannot write", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (!OperatingSystem.IsWindows() && readOnly)
            {
                File.SetUnixFileMode(modelDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    // ---------------------------------------------------------------- 8. symbolic links are refused

    [Fact]
    public void AVersionFolderThatIsALinkIsRefused()
    {
        using var temp = new TempRegistry();
        using var outside = new TempRegistry();
        var (ml, model, data) = Models.Train();
        outside.Registry.Register(ml, "m", model, data.Schema);
        temp.Registry.Register(ml, "m", model, data.Schema);
        var link = Path.Combine(temp.Root, "m", "2");
        Directory.CreateSymbolicLink(link, Path.Combine(outside.Root, "m", "1"));

        foreach (var action in new Action[]
        {
            () => temp.Registry.ListVersions("m"),
            () => temp.Registry.GetVersion("m", "2"),
            () => temp.Registry.Register(ml, "m", model, data.Schema),
        })
        {
            var error = Assert.ThrowsAny<ModelRegistryException>(action);
            Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
            Assert.Contains(link, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AModelFolderThatIsALinkIsNeitherWrittenNorRead()
    {
        using var temp = new TempRegistry();
        using var outside = new TempRegistry();
        var (ml, model, data) = Models.Train();
        Directory.CreateDirectory(temp.Root);
        Directory.CreateDirectory(outside.Root);
        Directory.CreateSymbolicLink(Path.Combine(temp.Root, "m"), outside.Root);

        Assert.Contains("symbolic link", Assert.ThrowsAny<ModelRegistryException>(() => temp.Registry.Register(ml, "m", model, data.Schema)).Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", Assert.ThrowsAny<ModelRegistryException>(() => temp.Registry.ListVersions("m")).Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(outside.Root));
    }

    [Fact]
    public void LinkedLockAliasAndModelFilesAreRefused()
    {
        using var temp = new TempRegistry();
        using var outside = new TempRegistry();
        var (ml, model, data) = Models.Train();
        temp.Registry.Register(ml, "m", model, data.Schema);
        Directory.CreateDirectory(outside.Root);
        var modelDirectory = Path.Combine(temp.Root, "m");

        var lockTarget = Path.Combine(outside.Root, "lock");
        File.CreateSymbolicLink(Path.Combine(modelDirectory, ".lock"), lockTarget);
        Assert.Contains("symbolic link", Assert.ThrowsAny<ModelRegistryException>(() => temp.Registry.SetAlias("m", ModelAliases.Production, 1)).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(lockTarget), "the lock was created outside the root");
        File.Delete(Path.Combine(modelDirectory, ".lock"));

        var aliasesTarget = Path.Combine(outside.Root, "aliases.json");
        File.WriteAllText(aliasesTarget, "{\"production\":1}");
        File.CreateSymbolicLink(Path.Combine(modelDirectory, FileModelRegistry.AliasesFileName), aliasesTarget);
        Assert.Contains("symbolic link", Assert.ThrowsAny<ModelRegistryException>(() => temp.Registry.GetVersion("m", ModelAliases.Production)).Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(modelDirectory, FileModelRegistry.AliasesFileName));

        var modelFile = Path.Combine(modelDirectory, "1", FileModelRegistry.ModelFileName);
        var modelTarget = Path.Combine(outside.Root, "model.zip");
        File.Move(modelFile, modelTarget);
        File.CreateSymbolicLink(modelFile, modelTarget);
        Assert.Contains("symbolic link", Assert.ThrowsAny<ModelRegistryException>(() => temp.Registry.Load(ml, "m", "1", out _)).Message, StringComparison.Ordinal);
    }

    private static string[] VersionFolders(TempRegistry temp)
        => Directory.GetFileSystemEntries(Path.Combine(temp.Root, "m"))
            .Select(Path.GetFileName)
            .Where(n => !n!.StartsWith(".", StringComparison.Ordinal) && n != FileModelRegistry.AliasesFileName)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray()!;

    private sealed class WarningListener : TraceListener
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public string[] Messages => _messages.ToArray();

        public override void Write(string? message)
        {
        }

        public override void WriteLine(string? message)
        {
        }

        public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? format, params object?[]? args)
            => _messages.Enqueue(args is null || format is null ? format ?? "" : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
