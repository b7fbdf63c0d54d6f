using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions.Tests.Registry;

/// <summary>
/// The object-store registry's logic on an in-memory store (the real servers are in MlopsAnalyzers.Abstractions.Stores.Tests):
/// claims, visibility, aliases, corruption, servers that ignore conditional writes, roots without their package.
/// </summary>
public class ObjectStoreModelRegistryTests
{
    [Fact]
    public async Task RegisteredModelLoadsAndPredictsTheSame()
    {
        var store = new MemoryObjectStore();
        var registry = new ObjectStoreModelRegistry(store);
        var (ml, model, data) = Models.Fit(seed: 7);
        var registration = new ModelRegistration { Description = "first" }.AddTextArtifact("card.md", "# card");
        registration.Aliases.Add(ModelAliases.Staging);

        var version = await registry.RegisterAsync(ml, "house", model, data.Schema, registration);
        var loaded = await registry.LoadAsync(new MLContext(), "house", ModelAliases.Staging);

        Assert.Equal(1, version.Version);
        Assert.Equal(new[] { ModelAliases.Staging }, version.Aliases);
        Assert.Equal(Models.Predict(ml, model), Models.Predict(new MLContext(), loaded.Model));
        Assert.Equal(new[] { "Size", "Rooms", "Price" }, loaded.InputSchema.Select(c => c.Name));
        Assert.Equal("# card", registry.ReadTextArtifact("house", "1", "card.md"));
        Assert.Equal(new[] { "house" }, registry.ListModels());
        Assert.Equal(
            new[] { "house/1/.claim", "house/1/artifacts/card.md", "house/1/metadata.json", "house/1/model.zip", "house/aliases.json" },
            store.Keys);
    }

    [Fact]
    public async Task AVersionWithoutMetadataIsInvisibleAndItsNumberSkipped()
    {
        var store = new MemoryObjectStore();
        var registry = new ObjectStoreModelRegistry(store);
        var (ml, model, data) = Models.Train();
        await registry.RegisterAsync(ml, "m", model, data.Schema);

        // A writer that died after claiming 2 and uploading its model, before its metadata.
        await store.PutAsync("m/2/.claim", new byte[] { 1 }, default);
        await store.PutAsync("m/2/model.zip", new byte[] { 1, 2 }, default);
        Assert.Equal(new[] { 1 }, registry.ListVersions("m").Select(v => v.Version));
        Assert.Equal(1, registry.GetVersion("m", ModelAliases.Latest).Version);

        Assert.Equal(3, registry.Register(ml, "m", model, data.Schema).Version);
        Assert.Equal(new[] { 1, 3 }, registry.ListVersions("m").Select(v => v.Version));
    }

    [Fact]
    public async Task ConcurrentRegistrationsAndAliasMovesLoseNothing()
    {
        var store = new MemoryObjectStore { Latency = TimeSpan.FromMilliseconds(1) };
        var (_, model, data) = Models.Train();
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var registry = new ObjectStoreModelRegistry(store);
            var registration = new ModelRegistration();
            registration.Aliases.Add("writer-" + i);
            return (await registry.RegisterAsync(new MLContext(seed: 1), "m", model, data.Schema, registration)).Version;
        })).ToList();
        var versions = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(1, 8), versions.OrderBy(v => v));
        var listed = new ObjectStoreModelRegistry(store).ListVersions("m");
        Assert.Equal(8, listed.SelectMany(v => v.Aliases).Count());
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(versions[i], new ObjectStoreModelRegistry(store).GetVersion("m", "writer-" + i).Version);
        }
    }

    [Fact]
    public async Task CorruptContentIsReportedNeverSkipped()
    {
        var store = new MemoryObjectStore();
        var registry = new ObjectStoreModelRegistry(store);
        var (ml, model, data) = Models.Train();
        await registry.RegisterAsync(ml, "m", model, data.Schema);
        await registry.RegisterAsync(ml, "m", model, data.Schema);

        var zip = (await store.ReadAsync("m/1/model.zip", default))!.Content;
        zip[zip.Length / 2] ^= 0xFF;
        await store.PutAsync("m/1/model.zip", zip, default);
        var altered = Assert.Throws<CorruptModelException>(() => registry.Load(ml, "m", "1", out _));
        Assert.Equal("memory://test/m/1/model.zip", altered.FilePath);

        await store.PutAsync("m/2/metadata.json", Encoding.UTF8.GetBytes("{\"formatVersion\":1,\"name\":\"m\",\"version\":2,\"inputSchema\":[null]}"), default);
        Assert.Throws<CorruptModelException>(() => registry.ListVersions("m"));

        await store.PutAsync("m/aliases.json", Encoding.UTF8.GetBytes("{ not json"), default);
        var registration = new ModelRegistration();
        registration.Aliases.Add(ModelAliases.Production);
        Assert.Throws<CorruptModelException>(() => registry.Register(ml, "m", model, data.Schema, registration));
        Assert.DoesNotContain(store.Keys, k => k.StartsWith("m/3/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServerThatIgnoresConditionalWritesIsDetectedAndRefusedUnlessSingleWriter()
    {
        var store = new MemoryObjectStore { IgnoreConditions = true };
        var registry = new ObjectStoreModelRegistry(store);
        var (ml, model, data) = Models.Train();

        Assert.False(await registry.ProbeAsync());
        var error = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.RegisterAsync(ml, "m", model, data.Schema));
        Assert.Contains("If-None-Match", error.Message, StringComparison.Ordinal);
        Assert.Contains("SingleWriter", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(store.Keys, k => k.StartsWith("m/", StringComparison.Ordinal));

        var single = new ObjectStoreModelRegistry(store, new ObjectStoreOptions { SingleWriter = true });
        Assert.Equal(1, (await single.RegisterAsync(ml, "m", model, data.Schema)).Version);
        await single.SetAliasAsync("m", ModelAliases.Production, 1);
        Assert.Equal(1, registry.GetVersion("m", ModelAliases.Production).Version);
        Assert.DoesNotContain(store.Keys, k => k.StartsWith(".mlops-probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancellationStopsARegistration()
    {
        var registry = new ObjectStoreModelRegistry(new MemoryObjectStore());
        var (ml, model, data) = Models.Train();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => registry.RegisterAsync(ml, "m", model, data.Schema, cancellationToken: cancelled.Token));
    }

    [Theory]
    [InlineData("s3://bucket/models", "MlopsAnalyzers.Abstractions.AmazonS3")]
    [InlineData("https://account.blob.core.windows.net/models/prefix", "MlopsAnalyzers.Abstractions.AzureBlobs")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/models", "MlopsAnalyzers.Abstractions.AzureBlobs")]
    public void ARootWhosePackageIsNotReferencedNamesThePackage(string root, string package)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelRegistry.Open(root));
        Assert.Contains("dotnet add package " + package, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APathRootOpensTheFileRegistry()
        => Assert.IsType<FileModelRegistry>(ModelRegistry.Open(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "some-registry")));

    [Fact]
    public async Task TheModelFileIsReadAsStoredAndCheckedAgainstItsRecordedLengthAndHash()
    {
        var store = new MemoryObjectStore();
        var registry = new ObjectStoreModelRegistry(store);
        var (ml, model, data) = Models.Train();
        registry.Register(ml, "m", model, data.Schema);
        registry.SetAlias("m", ModelAliases.Production, 1);
        var stored = (await store.ReadAsync("m/1/model.zip", default))!.Content;

        var version = await registry.GetVersionAsync("m", ModelAliases.Production);
        Assert.Equal(stored, await registry.ReadModelFileAsync("m", ModelAliases.Production));
        Assert.Equal(stored, registry.ReadModelFile("m", ModelAliases.Latest));
        Assert.Equal(stored.LongLength, version.ModelFile.Length);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stored)).ToLowerInvariant(), version.ModelFile.Sha256);

        var altered = (byte[])stored.Clone();
        altered[0] ^= 0xFF;
        await store.PutAsync("m/1/model.zip", altered, default);
        Assert.Throws<CorruptModelException>(() => registry.ReadModelFile("m", "1"));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.ReadModelFileAsync("m", "2"));
    }
}

/// <summary>An object store in memory (shared with the tracker tests), with entity tags; it can ignore conditions like some S3-compatible servers.</summary>
internal sealed class MemoryObjectStore : ObjectStore
{
    private readonly ConcurrentDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _tag;
    private int _reads;

    public bool IgnoreConditions { get; set; }

    public TimeSpan Latency { get; set; }

    /// <summary>The number of reads so far.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public override string Root => "memory://test";

    public IReadOnlyList<string> Keys => _objects.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

    public override async Task<StoredObject?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await Delay(cancellationToken);
        Interlocked.Increment(ref _reads);
        return _objects.TryGetValue(key, out var stored) ? new StoredObject((byte[])stored.Content.Clone(), stored.ETag) : null;
    }

    public override async Task<string?> TryCreateAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        await Delay(cancellationToken);
        lock (_gate)
        {
            if (!IgnoreConditions && _objects.ContainsKey(key))
            {
                return null;
            }

            return Store(key, content);
        }
    }

    public override async Task<string?> TryReplaceAsync(string key, byte[] content, string etag, CancellationToken cancellationToken)
    {
        await Delay(cancellationToken);
        lock (_gate)
        {
            if (!IgnoreConditions && (!_objects.TryGetValue(key, out var current) || current.ETag != etag))
            {
                return null;
            }

            return Store(key, content);
        }
    }

    public override async Task PutAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        await Delay(cancellationToken);
        lock (_gate)
        {
            Store(key, content);
        }
    }

    public override async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        await Delay(cancellationToken);
        return Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    public override async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await Delay(cancellationToken);
        _objects.TryRemove(key, out _);
    }

    private string Store(string key, byte[] content)
    {
        var etag = "\"" + Interlocked.Increment(ref _tag) + "\"";
        _objects[key] = new StoredObject((byte[])content.Clone(), etag);
        return etag;
    }

    private Task Delay(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Latency > TimeSpan.Zero ? Task.Delay(Latency, cancellationToken) : Task.CompletedTask;
    }
}
