using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS503 (disabled by default): an ML.NET prediction engine's <c>Predict</c> on the serving path (a controller
/// action, a minimal-API handler, a method that predicts once per call on its parameters, or a method of the type
/// those call; see <see cref="ServingPath"/>) in a type that feeds no <c>DriftMonitor</c>. The runtime library's
/// <c>MonitoredPredictionEngine</c> is not a <c>PredictionEngineBase</c>, so its <c>Predict</c> is never reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PredictionsNotMonitoredAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS503_PredictionsNotMonitored);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        if (symbols.PredictionEngineBase is null)
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

    private static string DescribeEngine(IOperation engine)
    {
        var syntax = engine.WalkDownConversion().Syntax;
        return syntax switch
        {
            IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax } => syntax.ToString(),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Name.Identifier.ValueText + "(...)",
            _ => "The prediction engine",
        };
    }

    private sealed class TypeAnalysis
    {
        private readonly object _gate = new();
        private readonly MlNetSymbols _symbols;
        private readonly ServingPath _path;
        private readonly List<(IInvocationOperation Predict, object Context)> _predictions = new();
        private bool _feedsMonitor;

        public TypeAnalysis(MlNetSymbols symbols, INamedTypeSymbol type)
        {
            _symbols = symbols;
            _path = new ServingPath(symbols, type);
        }

        public void Register(SymbolStartAnalysisContext start) => _path.Register(start, OnInvocation, Report);

        private void OnInvocation(IInvocationOperation invocation, object context)
        {
            var method = invocation.TargetMethod;
            if (_symbols.DriftMonitor is { } monitor
                && method.Name == "Observe"
                && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, monitor))
            {
                lock (_gate)
                {
                    _feedsMonitor = true;
                }

                return;
            }

            if (!_symbols.IsEnginePredict(method)
                || invocation.Instance is not { } engine
                || ServingPath.RunsOnce(context)
                || ServingPath.IsBuiltFromLocalTraining(engine, _symbols))
            {
                return;
            }

            _path.MarkIfOnePredictionPerCall(invocation, context);

            lock (_gate)
            {
                _predictions.Add((invocation, context));
            }
        }

        private void Report(SymbolAnalysisContext context)
        {
            if (_predictions.Count == 0 || _feedsMonitor)
            {
                return;
            }

            var candidates = new List<object>();
            foreach (var (_, predictContext) in _predictions)
            {
                candidates.Add(predictContext);
            }

            var reasons = _path.Resolve(candidates);
            foreach (var (predict, predictContext) in _predictions)
            {
                if (reasons.TryGetValue(predictContext, out var reason))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.MLOPS503_PredictionsNotMonitored, Locations.NameToEnd(predict), DescribeEngine(predict.Instance!), reason));
                }
            }
        }
    }
}
