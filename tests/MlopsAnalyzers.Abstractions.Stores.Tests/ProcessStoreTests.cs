using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Storage;
using MlopsAnalyzers.Abstractions.Tests.Registry;

namespace MlopsAnalyzers.Abstractions.Stores.Tests;

/// <summary>
/// The file store's process tests against the cloud stores: processes registering the same name at once (the claim
/// race, on Azurite), and a process killed while it registers (Azurite, and s3rver with its single writer).
/// </summary>
[Collection(StoresCollection.Name)]
[Trait("Category", "Stores")]
public sealed class ProcessStoreTests : StoreTests
{
    public ProcessStoreTests(StoreServers servers)
        : base(servers)
    {
    }

    [Fact]
    public void ConcurrentRegistrationsFromProcessesGetDistinctVersionsOnAzurite()
    {
        using var temp = new TempRegistry();
        var root = Servers.NewAzureRoot();
        var modelFile = Models.SaveTrained(temp.Root);
        var goFile = Path.Combine(temp.Root, "go");
        const int processes = 3;
        const int perProcess = 4;

        var writers = Enumerable.Range(0, processes).Select(_ => Writer(root, modelFile, perProcess, goFile, singleWriter: false)).ToList();
        File.WriteAllText(goFile, "");
        var claimed = new List<int>();
        foreach (var writer in writers)
        {
            claimed.AddRange(writer.WaitForVersions(TimeSpan.FromSeconds(120)));
        }

        Assert.Equal(Enumerable.Range(1, processes * perProcess), claimed.OrderBy(v => v));
        var registry = ModelRegistry.Open(root);
        var ml = new MLContext();
        foreach (var version in registry.ListVersions("shared"))
        {
            registry.Load(ml, "shared", version.Version.ToString(CultureInfo.InvariantCulture), out _);
        }

        Assert.Equal(processes * perProcess, registry.ListVersions("shared").Count);
    }

    [Theory]
    [InlineData("azure")]
    [InlineData("s3")]
    public async Task AProcessKilledWhileRegisteringLeavesOnlyCompleteVersions(string store)
    {
        using var temp = new TempRegistry();
        var root = store == "azure" ? Servers.NewAzureRoot() : Servers.NewS3Root();
        var options = new ObjectStoreOptions { SingleWriter = store == "s3" };
        var modelFile = Models.SaveTrained(temp.Root);
        var goFile = Path.Combine(temp.Root, "go");
        File.WriteAllText(goFile, "");

        var writer = Writer(root, modelFile, count: 0, goFile, options.SingleWriter);
        writer.WaitForOutputLines(3, TimeSpan.FromSeconds(120));
        writer.Kill();

        // Every visible version is complete: its metadata reads and its model matches its hash.
        var registry = (ObjectStoreModelRegistry)ModelRegistry.Open(root, options);
        var ml = new MLContext();
        if (store == "s3")
        {
            // s3rver writes an object as its body arrives (Amazon S3 and Azure publish an upload whole), so a writer
            // killed while uploading its metadata leaves it cut short: that version, and only it, is reported as
            // corrupt, never skipped. Removing it is the clean-up a user would do.
            try
            {
                registry.ListVersions("shared");
            }
            catch (CorruptModelException e)
            {
                var keys = await registry.Store.ListAsync("shared/", default);
                var highest = keys.Select(k => k.Split('/')[1]).Where(n => int.TryParse(n, out _)).Max(int.Parse);
                Assert.Equal(registry.Store.Describe($"shared/{highest}/metadata.json"), e.FilePath);
                foreach (var key in keys.Where(k => k.StartsWith($"shared/{highest}/", StringComparison.Ordinal)))
                {
                    await registry.Store.DeleteAsync(key, default);
                }
            }
        }

        var versions = registry.ListVersions("shared");
        Assert.True(versions.Count >= 3, $"{versions.Count} versions");
        foreach (var version in versions)
        {
            registry.Load(ml, "shared", version.Version.ToString(CultureInfo.InvariantCulture), out _);
        }

        // The next registration takes a number after anything the killed writer claimed.
        var next = registry.Register(ml, "shared", ml.Model.Load(modelFile, out var schema), schema).Version;
        Assert.True(next > versions.Max(v => v.Version));
        Assert.Equal(versions.Count + 1, registry.ListVersions("shared").Count);
    }

    private static WriterProcess Writer(string root, string modelFile, int count, string goFile, bool singleWriter)
        => WriterProcess.Start(typeof(Program).Assembly.Location, "register", root, "shared", modelFile, count.ToString(CultureInfo.InvariantCulture), goFile, singleWriter ? "single-writer" : "shared");
}
