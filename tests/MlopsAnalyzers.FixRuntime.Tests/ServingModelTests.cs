using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/ServingModel: a service that loads the model and creates an engine on every call (MLOPS502) and a batch scorer
/// with a static engine (MLOPS501), in a project with nullable warnings as errors. Both fixes must keep it building:
/// on main, MLOPS502's hoisted fields are declared nullable and MLOPS501's <c>ThreadLocal.Value</c> is nullable, so
/// <c>_engine.Predict</c> and <c>Engine.Value.Predict</c> get CS8602 (issue 14: "Nullable-clean fixes").
/// </summary>
public sealed class ServingModelTests : RoundTripTests
{
    public static readonly AppSpec App = new()
    {
        Name = "ServingModel",
        Rules = new[] { "MLOPS501", "MLOPS502" },
        Runs = new[] { new[] { "train" }, new[] { "score" } },
    };

    public ServingModelTests(StoreServers servers)
        : base(servers)
    {
    }

    protected override RoundTrip Trip => RoundTrip.Of(App);

    [Fact]
    public void AppRunsBeforeTheFixes() => AssertRanBeforeTheFixes();

    [PendingFixFact]
    public void FixesRemovedTheirDiagnostics() => AssertFixesRemoved("MLOPS501", "MLOPS502");

    [PendingFixFact]
    public void FixedAppBuildsWithNullableWarningsAsErrorsAndRuns() => AssertFixedAppBuildsAndRuns();

    [PendingFixFact]
    public void ServiceAndBatchPredictTheSame() => AssertSamePredictions();
}
