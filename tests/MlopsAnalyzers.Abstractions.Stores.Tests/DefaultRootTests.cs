using System;
using System.Linq;
using MlopsAnalyzers.Abstractions.Tests.Registry;
using MlopsAnalyzers.Abstractions.Tracking;

namespace MlopsAnalyzers.Abstractions.Stores.Tests;

/// <summary>MLOPS_REGISTRY_ROOT and MLOPS_TRACKING_ROOT naming a blob container or a bucket: the defaults go there.</summary>
[Collection(StoresCollection.Name)]
[Trait("Category", "Stores")]
public sealed class DefaultRootTests : StoreTests
{
    public DefaultRootTests(StoreServers servers)
        : base(servers)
    {
    }

    [Fact]
    public void TheDefaultRegistryAndTrackerUseTheRootsInTheEnvironment()
    {
        var registryRoot = Servers.NewAzureRoot();
        var trackingRoot = Servers.NewS3Root();
        var savedRegistry = Environment.GetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable);
        var savedTracking = Environment.GetEnvironmentVariable(ExperimentTracker.RootVariable);
        Environment.SetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable, registryRoot);
        Environment.SetEnvironmentVariable(ExperimentTracker.RootVariable, trackingRoot);
        ExperimentTracker.ResetDefault();
        try
        {
            var (ml, model, data) = Models.Train();
            Assert.Equal(registryRoot, ModelRegistry.DefaultRoot);
            var version = ModelRegistry.Default.Register(ml, "house", model, data.Schema);
            Assert.Equal(registryRoot, Assert.IsType<ObjectStoreModelRegistry>(ModelRegistry.Default).Store.Root);
            Assert.Equal(1, ModelRegistry.Open(registryRoot).GetVersion("house", ModelAliases.Latest).Version);

            using (var run = ExperimentTracker.Default.StartRun("house"))
            {
                run.LinkModel("house", version.Version).LogMetric("RSquared", 0.8);
            }

            Assert.Equal(trackingRoot, Assert.IsType<ObjectStoreExperimentTracker>(ExperimentTracker.Default).Store.Root);
            Assert.Equal(0.8, ExperimentTracker.Open(trackingRoot).ListRuns("house").Single().Metrics["RSquared"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable, savedRegistry);
            Environment.SetEnvironmentVariable(ExperimentTracker.RootVariable, savedTracking);
            ExperimentTracker.ResetDefault();
        }
    }
}
