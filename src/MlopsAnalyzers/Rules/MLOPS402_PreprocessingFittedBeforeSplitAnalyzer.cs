using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS402: <c>TrainTestSplit</c>, <c>CrossValidationSplit</c> or a catalog's <c>CrossValidate</c> of
/// <c>prep.Transform(x)</c> where <c>prep</c> is <c>estimator.Fit(x)</c> on the same data (followed through locals,
/// see <see cref="DataFlow.AreSameValue"/>). Not flagged when every estimator of the fitted chain is visible and learns
/// nothing (<c>Concatenate</c>, <c>CopyColumns</c>, <c>ConvertType</c>, ...).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PreprocessingFittedBeforeSplitAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS402_PreprocessingFittedBeforeSplit);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        if (symbols.DataOperationsCatalog is null || symbols.IDataView is null)
        {
            return;
        }

        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var split = (IInvocationOperation)context.Operation;
        var method = split.TargetMethod;
        var isSplit = method.Name is "TrainTestSplit" or "CrossValidationSplit"
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.DataOperationsCatalog);
        if ((!isSplit && !symbols.IsCrossValidate(method))
            || split.GetArgument("data") is not { } data
            || DataFlow.ResolveValue(data.Value) is not IInvocationOperation { Instance: { } model, Arguments.Length: 1 } transform
            || !symbols.IsTransform(transform.TargetMethod)
            || DataFlow.ResolveValue(model) is not IInvocationOperation { Instance: { } estimator, Arguments.Length: 1 } fit
            || !symbols.IsEstimatorFit(fit.TargetMethod)
            || !DataFlow.AreSameValue(fit.Arguments[0].Value, transform.Arguments[0].Value)
            || LearnsNothing(estimator, symbols))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.MLOPS402_PreprocessingFittedBeforeSplit,
            split.Syntax.GetLocation(),
            additionalLocations: new[] { fit.Syntax.GetLocation() },
            method.Name));
    }

    /// <summary>True when the whole chain is visible and made of transforms that learn nothing from the data.</summary>
    private static bool LearnsNothing(IOperation estimator, MlNetSymbols symbols)
    {
        var elements = new List<IInvocationOperation>();
        if (!EstimatorChains.TryGetElements(estimator, symbols, elements))
        {
            return false;
        }

        foreach (var element in elements)
        {
            if (!EstimatorChains.IsStateless(element))
            {
                return false;
            }
        }

        return true;
    }
}
