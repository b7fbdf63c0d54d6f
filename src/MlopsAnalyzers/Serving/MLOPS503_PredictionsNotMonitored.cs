using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Serving;

/// <summary>
/// MLOPS503 (disabled by default): an ML.NET prediction engine's <c>Predict</c> on the serving path (a controller
/// action, a minimal-API handler, a method that predicts once per call on its parameters, or a method of the type
/// those call; see <see cref="ServingPath"/>) in a type that feeds no <c>DriftMonitor</c>. Request serving only: batch
/// jobs are not reported (a method given a collection or a data view, a method the type calls per item of a batch, a
/// background worker implementing <c>IHostedService</c>, predictions in loops or lambdas). The runtime library's
/// <c>MonitoredPredictionEngine</c> is not a <c>PredictionEngineBase</c>, so its <c>Predict</c> is never reported.
/// </summary>
internal static class PredictionsNotMonitoredRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.PredictionsNotMonitored,
        RuleCategories.Serving,
        RuleLevel.Disabled,
        title: "Predictions served with no drift monitoring",
        messageFormat: "'{0}' serves predictions ({1}) with no drift monitoring: nothing notices when live inputs stop looking like the training data; wrap the engine with WithDriftMonitoring(baseline)",
        description: "A model degrades silently when the inputs it serves drift away from the data it was trained on. Predictions served from a controller action, a minimal-API handler, or a method that predicts once per call with an ML.NET prediction engine, in a type that feeds no DriftMonitor, have no such check. Wrap the engine in MlopsAnalyzers.Abstractions' MonitoredPredictionEngine (engine.WithDriftMonitoring(baseline)) with the baseline stored at registration. Disabled by default: which code serves production traffic is a guess.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.PredictionEngineBase is not null;

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

    /// <summary>The rule's facts about one type, fed by the family's operation actions and read at the type's end.</summary>
    internal sealed class TypeAnalysis
    {
        private readonly object _gate = new();
        private readonly MlNetSymbols _symbols;
        private readonly ServingPath _path;
        private readonly ServingMarks _marks = new();
        private readonly List<(IInvocationOperation Predict, ServingContext Context)> _predictions = new();
        private readonly List<ServingContext> _perCall = new();
        private readonly HashSet<ISymbol> _calledPerItem = new(SymbolEqualityComparer.Default);
        private bool _feedsMonitor;

        public TypeAnalysis(MlNetSymbols symbols, ServingPath path)
        {
            _symbols = symbols;
            _path = path;
        }

        public void OnInvocation(IInvocationOperation invocation, ServingContext context)
        {
            var method = invocation.TargetMethod;
            if (context.Member is { } caller
                && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, caller.ContainingType?.OriginalDefinition)
                && _path.IsInLoopOrNestedFunction(invocation))
            {
                // houses.Select(h => Score(h)), foreach (...) Score(h): the type's own batch helper calls it per item.
                lock (_gate)
                {
                    _calledPerItem.Add(method.OriginalDefinition);
                }
            }

            if (_symbols.Serving.DriftMonitor is { } monitor
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

            var perCall = !ServingPath.RunsOnce(context) && _path.IsOnePredictionPerCall(invocation) && !TakesABatch(context);
            lock (_gate)
            {
                _predictions.Add((invocation, context));
                if (perCall)
                {
                    _perCall.Add(context);
                }
            }
        }

        /// <summary>True for a method given a batch: a parameter that is a data view, an array or another collection (not a string).</summary>
        private bool TakesABatch(ServingContext context)
        {
            if (context.Member is not IMethodSymbol method)
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                var type = parameter.Type;
                if (type.SpecialType == SpecialType.System_String)
                {
                    continue;
                }

                if (type is IArrayTypeSymbol
                    || SymbolEqualityComparer.Default.Equals(type, _symbols.IDataView)
                    || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                    || type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T))
                {
                    return true;
                }
            }

            return false;
        }

        public void Report(SymbolAnalysisContext context)
        {
            if (_predictions.Count == 0 || _feedsMonitor)
            {
                return;
            }

            // Request serving only: a method that predicts once per call serves callers one at a time, unless the
            // type is a background worker or calls that method per item of a batch itself.
            var worker = _symbols.Serving.HostedService is { } hosted && context.Symbol is INamedTypeSymbol type && type.AllInterfaces.Contains(hosted, SymbolEqualityComparer.Default);
            foreach (var perCall in _perCall)
            {
                if (!worker && (perCall.Member is null || !_calledPerItem.Contains(perCall.Member)))
                {
                    _marks.Add(perCall, perCall.Member is not null ? $"in {perCall.Description}, which predicts once per call" : "in a minimal-API handler");
                }
            }

            var candidates = new List<ServingContext>();
            foreach (var (_, predictContext) in _predictions)
            {
                candidates.Add(predictContext);
            }

            var reasons = _path.Resolve(_marks, candidates);
            foreach (var (predict, predictContext) in _predictions)
            {
                if (reasons.TryGetValue(predictContext, out var reason))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptor, Locations.NameToEnd(predict), DescribeEngine(predict.Instance!), reason));
                }
            }
        }
    }
}
