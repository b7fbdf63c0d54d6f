using MlopsAnalyzers.Abstractions.Stores.Tests;

namespace MlopsAnalyzers.FixRuntime.Tests;

/// <summary>
/// Apps/ServingModel: a service that loads the model and creates an engine on every call (MLOPS502) and a batch scorer
/// with a static engine (MLOPS501), in a project with nullable warnings as errors. Both fixes must keep it building:
/// they used to declare MLOPS502's hoisted fields nullable and read MLOPS501's engine through the nullable
/// <c>ThreadLocal.Value</c>, so <c>_engine.Predict</c> and <c>Engine.Value.Predict</c> got CS8602 (issue 14:
/// "Nullable-clean fixes"); now the hoisted fields are not annotated and the engine is a <c>[ThreadStatic]</c>-backed property.
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

    [Fact]
    public void FixesRemovedTheirDiagnostics() => AssertFixesRemoved("MLOPS501", "MLOPS502");

    [Fact]
    public void FixedAppBuildsWithNullableWarningsAsErrorsAndRuns() => AssertFixedAppBuildsAndRuns();

    [Fact]
    public void ServiceAndBatchPredictTheSame() => AssertSamePredictions();
}
