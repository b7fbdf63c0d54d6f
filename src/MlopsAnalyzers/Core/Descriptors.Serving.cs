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

    public static readonly DiagnosticDescriptor MLOPS502_ModelLoadedPerPrediction = Create(
        RuleIdentifiers.ModelLoadedPerPrediction,
        RuleCategories.Serving,
        RuleLevel.IdeSuggestion,
        title: "Model loaded or prediction engine created on every prediction",
        messageFormat: "'{0}' runs on every prediction ({1}): loading a model or building a prediction engine costs far more than a prediction; hoist it to a field initialized once",
        description: "Model.Load reads and deserializes the whole model, and CreatePredictionEngine compiles the transformer chain for one input type: each costs milliseconds to seconds and allocates heavily, while a prediction costs microseconds. Doing either in a method that predicts once per call, in a controller action or a minimal-API handler, or in a method those call, repeats that cost for every request. Load and create once (constructor, field initializer, Lazy<T>, startup code) and reuse the result; in web apps, use PredictionEnginePool. Batch scoring (predicting in a loop after creating the engine), factory methods and code run once at startup are not flagged.");

    public static readonly DiagnosticDescriptor MLOPS503_PredictionsNotMonitored = Create(
        RuleIdentifiers.PredictionsNotMonitored,
        RuleCategories.Serving,
        RuleLevel.Disabled,
        title: "Predictions served with no drift monitoring",
        messageFormat: "'{0}' serves predictions ({1}) with no drift monitoring: nothing notices when live inputs stop looking like the training data; wrap the engine with WithDriftMonitoring(baseline)",
        description: "A model degrades silently when the inputs it serves drift away from the data it was trained on. Predictions served from a controller action, a minimal-API handler, or a method that predicts once per call with an ML.NET prediction engine, in a type that feeds no DriftMonitor, have no such check. Wrap the engine in MlopsAnalyzers.Abstractions' MonitoredPredictionEngine (engine.WithDriftMonitoring(baseline)) with the baseline stored at registration. Disabled by default: which code serves production traffic is a guess.");
}
