using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.AmazonS3;
using MlopsAnalyzers.Abstractions.AzureBlobs;
using MlopsAnalyzers.Abstractions.Storage;
using MlopsAnalyzers.Abstractions.Tests.Registry;

namespace MlopsAnalyzers.Abstractions.Stores.Tests;

/// <summary>The registry on Azurite, which enforces If-None-Match and If-Match like Azure Blob Storage.</summary>
[Collection(StoresCollection.Name)]
[Trait("Category", "Stores")]
public sealed class AzureBlobRegistryTests : RegistryStoreTests
{
    public AzureBlobRegistryTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override ObjectStoreOptions Options { get; } = new();

    protected override string NewRoot() => Servers.NewAzureRoot();

    [Fact]
    public async Task TheServerHonoursConditionalWrites()
    {
        var registry = Open(NewRoot());
        Assert.True(await registry.ProbeAsync());
        Assert.IsType<AzureBlobObjectStore>(registry.Store);
        Assert.StartsWith(Servers.AzureServiceUrl + "/" + StoreServers.Container + "/", registry.Store.Root, StringComparison.Ordinal);
        Assert.Null(await registry.Store.TryCreateAsync("x", new byte[] { 1 }, default) is { } tag ? await registry.Store.TryCreateAsync("x", new byte[] { 2 }, default) : "first create failed");
        var stored = (await registry.Store.ReadAsync("x", default))!;
        Assert.Equal(new byte[] { 1 }, stored.Content);
        Assert.Null(await registry.Store.TryReplaceAsync("x", new byte[] { 3 }, "\"0x0\"", default));
        Assert.NotNull(await registry.Store.TryReplaceAsync("x", new byte[] { 4 }, stored.ETag, default));
        Assert.Equal(new byte[] { 4 }, (await registry.Store.ReadAsync("x", default))!.Content);
    }

    [Fact]
    public async Task ConcurrentRegistrationsClaimDistinctNumbersAndAliasSwapsLoseNothing()
    {
        var root = NewRoot();
        var (_, model, data) = Models.Train();
        const int writers = 8;
        var versions = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            var registration = new ModelRegistration();
            registration.Aliases.Add("writer-" + i);
            return (await Open(root).RegisterAsync(new MLContext(seed: 1), "m", model, data.Schema, registration)).Version;
        })));

        Assert.Equal(Enumerable.Range(1, writers), versions.OrderBy(v => v));
        var reader = Open(root);
        for (var i = 0; i < writers; i++)
        {
            Assert.Equal(versions[i], reader.GetVersion("m", "writer-" + i).Version);
        }
    }

    [Fact]
    public void AConnectionStringForAnotherAccountIsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzureBlobObjectStore.FromRoot("https://someaccount.blob.core.windows.net/models/house"));
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", error.Message, StringComparison.Ordinal);
        Assert.Contains("someaccount", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// The registry on s3rver, which ignores If-None-Match (it overwrites): the probe detects it, shared writes are
/// refused, and a single writer that says so works with every other promise kept.
/// </summary>
[Collection(StoresCollection.Name)]
[Trait("Category", "Stores")]
public sealed class S3RegistryTests : RegistryStoreTests
{
    public S3RegistryTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override ObjectStoreOptions Options { get; } = new() { SingleWriter = true };

    protected override string NewRoot() => Servers.NewS3Root();

    [Fact]
    public async Task AServerThatIgnoresIfNoneMatchIsDetectedAndSharedWritesAreRefused()
    {
        var root = NewRoot();
        var shared = Assert.IsType<ObjectStoreModelRegistry>(ModelRegistry.Open(root));
        Assert.IsType<S3ObjectStore>(shared.Store);
        Assert.False(await shared.ProbeAsync());
        var (ml, model, data) = Models.Train();

        var error = await Assert.ThrowsAsync<ModelRegistryException>(() => shared.RegisterAsync(ml, "m", model, data.Schema));
        Assert.Contains("If-None-Match", error.Message, StringComparison.Ordinal);
        Assert.Contains("SingleWriter", error.Message, StringComparison.Ordinal);
        Assert.Empty(await shared.Store.ListAsync("m/", default));

        // Reading needs no conditional writes.
        Open(root).Register(ml, "m", model, data.Schema);
        Assert.Equal(1, shared.GetVersion("m", ModelAliases.Latest).Version);
    }

    [Fact]
    public async Task UploadsAreStoredVerbatimWithoutChunkFraming()
    {
        var registry = Open(NewRoot());
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        await registry.Store.PutAsync("blob", content, default);
        Assert.Equal(content, (await registry.Store.ReadAsync("blob", default))!.Content);
    }
}
