using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Storage;
using MlopsAnalyzers.Abstractions.Tests.Registry;

namespace MlopsAnalyzers.Abstractions.Stores.Tests;

/// <summary>The promises every store keeps, run against each real server (see the derived classes).</summary>
public abstract class RegistryStoreTests : StoreTests
{
    protected RegistryStoreTests(StoreServers servers)
        : base(servers)
    {
    }

    protected abstract string NewRoot();

    protected abstract ObjectStoreOptions Options { get; }

    protected ObjectStoreModelRegistry Open(string root) => Assert.IsType<ObjectStoreModelRegistry>(ModelRegistry.Open(root, Options));

    [Fact]
    public async Task RegisteredModelsLoadAndPredictTheSame_WithAliasesAndArtifacts()
    {
        var root = NewRoot();
        var registry = Open(root);
        var (ml, model, data) = Models.Fit(seed: 7);
        var registration = new ModelRegistration { Seed = 7, Description = "first" }.AddTextArtifact("card.md", "# house prices");
        registration.Metrics["RSquared"] = 0.9;
        registration.Aliases.Add(ModelAliases.Staging);

        var first = await registry.RegisterAsync(ml, "house", model, data.Schema, registration);
        var second = registry.Register(ml, "house", model, data.Schema);
        await registry.SetAliasAsync("house", ModelAliases.Production, 1);
        registry.SetAlias("house", ModelAliases.Staging, 2);

        // A second process's view: a new registry on the same root.
        var reader = Open(root);
        var loaded = await reader.LoadAsync(new MLContext(), "house", ModelAliases.Production);
        Assert.Equal(Models.Predict(ml, model), Models.Predict(new MLContext(), loaded.Model));
        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.Equal(new[] { ModelAliases.Production }, reader.GetVersion("house", "1").Aliases);
        Assert.Equal(new[] { ModelAliases.Staging }, reader.GetVersion("house", ModelAliases.Latest).Aliases);
        Assert.Equal(0.9, reader.GetVersion("house", "1").Metrics["RSquared"]);
        Assert.Equal("# house prices", reader.ReadTextArtifact("house", "1", "card.md"));
        Assert.Equal(new[] { 1, 2 }, (await reader.ListVersionsAsync("house")).Select(v => v.Version));
        Assert.Equal(new[] { "house" }, await reader.ListModelsAsync());
        Assert.True(await reader.RemoveAliasAsync("house", ModelAliases.Staging));
        Assert.False(reader.RemoveAlias("house", ModelAliases.Staging));
        Assert.Empty(registry.GetVersion("house", "2").Aliases);
        Assert.Throws<ModelNotFoundException>(() => reader.GetVersion("house", "3"));
        Assert.Throws<ModelNotFoundException>(() => reader.GetVersion("other", ModelAliases.Latest));
    }

    [Fact]
    public async Task AnAlteredModelIsDetectedAtLoadAndCorruptMetadataIsReported()
    {
        var registry = Open(NewRoot());
        var (ml, model, data) = Models.Train();
        registry.Register(ml, "m", model, data.Schema);
        registry.Register(ml, "m", model, data.Schema);

        var zip = (await registry.Store.ReadAsync("m/1/model.zip", default))!.Content;
        zip[zip.Length / 2] ^= 0xFF;
        await registry.Store.PutAsync("m/1/model.zip", zip, default);
        var altered = Assert.Throws<CorruptModelException>(() => registry.Load(ml, "m", "1", out _));
        Assert.Equal(registry.Store.Describe("m/1/model.zip"), altered.FilePath);
        Assert.Contains("SHA-256", altered.Message, StringComparison.Ordinal);

        await registry.Store.PutAsync("m/2/metadata.json", Encoding.UTF8.GetBytes("{ not json"), default);
        Assert.Throws<CorruptModelException>(() => registry.ListVersions("m"));
        Assert.Throws<CorruptModelException>(() => registry.GetVersion("m", "2"));
    }

    [Fact]
    public async Task AHandCopiedModelInTheSameRootIsLeftAloneAndNotAVersion()
    {
        var root = NewRoot();
        var registry = Open(root);
        var (ml, model, data) = Models.Train();

        // What the team did before: model.zip copied by hand next to where the registry now keeps its versions.
        var handCopied = RegistryCoreBytes(ml, model, data.Schema);
        await registry.Store.PutAsync("house/model.zip", handCopied, default);
        Assert.Empty(registry.ListModels());
        Assert.Throws<ModelNotFoundException>(() => registry.GetVersion("house", ModelAliases.Latest));

        Assert.Equal(1, registry.Register(ml, "house", model, data.Schema).Version);
        Assert.Equal(new[] { 1 }, registry.ListVersions("house").Select(v => v.Version));
        Assert.Equal(handCopied, (await registry.Store.ReadAsync("house/model.zip", default))!.Content);
    }

    [Fact]
    public async Task AVersionWhoseMetadataIsMissingStaysInvisibleAndItsNumberIsSkipped()
    {
        var registry = Open(NewRoot());
        var (ml, model, data) = Models.Train();
        registry.Register(ml, "m", model, data.Schema);
        await registry.Store.PutAsync("m/2/.claim", new byte[] { 1 }, default);
        await registry.Store.PutAsync("m/2/model.zip", new byte[] { 1, 2, 3 }, default);

        Assert.Equal(1, registry.GetVersion("m", ModelAliases.Latest).Version);
        Assert.Equal(3, registry.Register(ml, "m", model, data.Schema).Version);
        Assert.Equal(new[] { 1, 3 }, registry.ListVersions("m").Select(v => v.Version));
    }

    [Fact]
    public async Task ListingReturnsEveryKeyPastTheFirstPage()
    {
        // S3 lists 1,000 keys per page: the second page needs the continuation token (s3rver's needs Node's legacy OpenSSL).
        var store = Open(NewRoot()).Store;
        var keys = Enumerable.Range(0, 1_100).Select(i => $"many/{i:D5}").ToList();
        await Task.WhenAll(keys.Chunk(100).Select(async chunk =>
        {
            foreach (var key in chunk)
            {
                await store.PutAsync(key, new byte[] { 1 }, default);
            }
        }));

        Assert.Equal(keys, await store.ListAsync("many/", default));
    }

    private static byte[] RegistryCoreBytes(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new System.IO.MemoryStream();
        ml.Model.Save(model, schema, stream);
        return stream.ToArray();
    }
}
