using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Serving;

/// <summary>
/// MLOPS502: <c>mlContext.Model.Load</c> (or a model registry's <c>Load</c>/<c>LoadAsync</c>) or <c>CreatePredictionEngine</c> on the per-prediction path: in a method that
/// also predicts once per call on its parameters, in a controller action or minimal-API handler, or in a method of the
/// type those call (see <see cref="ServingPath"/>). Not flagged: constructors, field and property initializers, lambdas
/// and local functions (a <c>Lazy&lt;T&gt;</c> factory), loops, <c>Main</c> and top-level statements, results stored
/// in a field or property (a cache), and factory methods not called from the per-prediction path.
/// </summary>
internal static class ModelLoadedPerPredictionRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.ModelLoadedPerPrediction,
        RuleCategories.Serving,
        RuleLevel.IdeSuggestion,
        title: "Model loaded or prediction engine created on every prediction",
        messageFormat: "'{0}' runs on every prediction ({1}): loading a model or building a prediction engine costs far more than a prediction; hoist it to a field initialized once",
        description: "Model.Load reads and deserializes the whole model, and CreatePredictionEngine compiles the transformer chain for one input type: each costs milliseconds to seconds and allocates heavily, while a prediction costs microseconds. Doing either in a method that predicts once per call, in a controller action or a minimal-API handler, or in a method those call, repeats that cost for every request. Load and create once (constructor, field initializer, Lazy<T>, startup code) and reuse the result; in web apps, use PredictionEnginePool. Batch scoring (predicting in a loop after creating the engine), factory methods and code run once at startup are not flagged.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.ModelOperationsCatalog is not null && symbols.PredictionEngineBase is not null;

    /// <summary>The rule's facts about one type, fed by the family's operation actions and read at the type's end.</summary>
    internal sealed class TypeAnalysis
    {
        private readonly object _gate = new();
        private readonly MlNetSymbols _symbols;
        private readonly ServingPath _path;
        private readonly ServingMarks _marks = new();
        private readonly List<(IInvocationOperation Call, ServingContext Context)> _calls = new();

        public TypeAnalysis(MlNetSymbols symbols, ServingPath path)
        {
            _symbols = symbols;
            _path = path;
        }

        public void OnInvocation(IInvocationOperation invocation, ServingContext context)
        {
            var method = invocation.TargetMethod;
            if (_symbols.IsModelLoad(method) || _symbols.IsRegistryModelLoad(method) || _symbols.IsCreatePredictionEngine(method))
            {
                if (!ServingPath.RunsOnce(context) && !_path.IsInLoopOrNestedFunction(invocation) && !IsCached(invocation))
                {
                    lock (_gate)
                    {
                        _calls.Add((invocation, context));
                    }
                }
            }
            else
            {
                _path.MarkIfOnePredictionPerCall(_marks, invocation, context);
            }
        }

        /// <summary>True when the loaded model or created engine is stored in a field or property (a lazily filled cache).</summary>
        private static bool IsCached(IInvocationOperation call)
            => (call.WalkUpConversion() is IAwaitOperation awaited ? awaited.WalkUpConversion() : call.WalkUpConversion()) switch
            {
                ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } => true,
                ICoalesceAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } => true,
                _ => false,
            };

        public void Report(SymbolAnalysisContext context)
        {
            if (_calls.Count == 0)
            {
                return;
            }

            var candidates = new List<ServingContext>();
            foreach (var (_, callContext) in _calls)
            {
                candidates.Add(callContext);
            }

            var reasons = _path.Resolve(_marks, candidates);
            foreach (var (call, callContext) in _calls)
            {
                if (reasons.TryGetValue(callContext, out var reason))
                {
                    var name = call.TargetMethod.Name == "CreatePredictionEngine" ? "CreatePredictionEngine"
                        : _symbols.IsRegistryModelLoad(call.TargetMethod) ? "registry " + call.TargetMethod.Name
                        : "Model." + call.TargetMethod.Name;
                    context.ReportDiagnostic(Diagnostic.Create(Descriptor, Locations.NameToEnd(call), name, reason));
                }
            }
        }
    }
}
