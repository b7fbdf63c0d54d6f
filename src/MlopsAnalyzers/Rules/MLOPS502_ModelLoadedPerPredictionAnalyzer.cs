using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS502: <c>mlContext.Model.Load</c> or <c>CreatePredictionEngine</c> on the per-prediction path: in a method that
/// also predicts once per call on its parameters, in a controller action or minimal-API handler, or in a method of the
/// type those call (see <see cref="ServingPath"/>). Not flagged: constructors, field and property initializers, lambdas
/// and local functions (a <c>Lazy&lt;T&gt;</c> factory), loops, <c>Main</c> and top-level statements, results stored
/// in a field or property (a cache), and factory methods not called from the per-prediction path.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelLoadedPerPredictionAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS502_ModelLoadedPerPrediction);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        if (symbols.ModelOperationsCatalog is null || symbols.PredictionEngineBase is null)
        {
            return;
        }

        context.RegisterSymbolStartAction(
            start =>
            {
                if (start.Symbol is INamedTypeSymbol type)
                {
                    new TypeAnalysis(symbols, type).Register(start);
                }
            },
            SymbolKind.NamedType);
    }

    private sealed class TypeAnalysis
    {
        private readonly object _gate = new();
        private readonly MlNetSymbols _symbols;
        private readonly ServingPath _path;
        private readonly List<(IInvocationOperation Call, object Context)> _calls = new();

        public TypeAnalysis(MlNetSymbols symbols, INamedTypeSymbol type)
        {
            _symbols = symbols;
            _path = new ServingPath(symbols, type);
        }

        public void Register(SymbolStartAnalysisContext start) => _path.Register(start, OnInvocation, Report);

        private void OnInvocation(IInvocationOperation invocation, object context)
        {
            var method = invocation.TargetMethod;
            if (_symbols.IsModelLoad(method) || _symbols.IsCreatePredictionEngine(method))
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
                _path.MarkIfOnePredictionPerCall(invocation, context);
            }
        }

        /// <summary>True when the loaded model or created engine is stored in a field or property (a lazily filled cache).</summary>
        private static bool IsCached(IInvocationOperation call)
            => call.WalkUpConversion() switch
            {
                ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } => true,
                ICoalesceAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } => true,
                _ => false,
            };

        private void Report(SymbolAnalysisContext context)
        {
            if (_calls.Count == 0)
            {
                return;
            }

            var candidates = new List<object>();
            foreach (var (_, callContext) in _calls)
            {
                candidates.Add(callContext);
            }

            var reasons = _path.Resolve(candidates);
            foreach (var (call, callContext) in _calls)
            {
                if (reasons.TryGetValue(callContext, out var reason))
                {
                    var name = call.TargetMethod.Name == "CreatePredictionEngine" ? "CreatePredictionEngine" : "Model." + call.TargetMethod.Name;
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.MLOPS502_ModelLoadedPerPrediction, Locations.NameToEnd(call), name, reason));
                }
            }
        }
    }
}
