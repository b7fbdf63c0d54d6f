using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor MLOPS501_PredictionEngineSharedAcrossThreads = Create(
        RuleIdentifiers.PredictionEngineSharedAcrossThreads,
        RuleCategories.Serving,
        RuleLevel.BuildWarning,
        title: "PredictionEngine shared across threads",
        messageFormat: "{0}: PredictionEngine is not thread-safe, concurrent Predict calls corrupt its buffers or throw; use PredictionEnginePool or one engine per thread",
        description: "A PredictionEngine reuses its input and output buffers between calls, so two threads calling Predict on the same engine at once read each other's rows, return wrong predictions or throw. An engine in a static field or property, a static Lazy, a dependency-injection singleton, or captured by a Parallel or Task.Run delegate is used by several threads. Use Microsoft.Extensions.ML's PredictionEnginePool in services, or one engine per thread (ThreadLocal), or guard every use with a lock.");
}
