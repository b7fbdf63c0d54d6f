using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Data;

/// <summary>
/// MLOPS601: an ML.NET call whose only effect is the value it returns, used as a statement. Estimator chains, data
/// views and transformers are immutable: <c>pipeline.Append(step);</c>, <c>model.Transform(data);</c>,
/// <c>mlContext.Data.ShuffleRows(data);</c>, <c>estimator.Fit(data);</c> leave every variable as it was. The calls
/// recognized are ML.NET methods (never a user's type with the same names), with no <c>ref</c> or <c>out</c>
/// parameter, that return an estimator (<c>Append</c>, catalog and trainer factories), a transformer chain's
/// <c>Append</c>, <c>Fit</c>, <c>Transform</c>, and the <c>mlContext.Data</c> operations that return a value
/// (shuffles, filters, skips, takes, caches, splits, loads). A discard written out (<c>_ = ...</c>) is not flagged.
/// </summary>
internal static class DiscardedImmutableResultRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.DiscardedImmutableResult,
        RuleCategories.Data,
        RuleLevel.BuildWarning,
        title: "Result of an immutable ML.NET call discarded",
        messageFormat: "The result of '{0}' is discarded: {1}",
        description: "ML.NET estimator chains, data views and transformers are immutable: Append returns a new chain, Transform and the mlContext.Data operations return a new data view, Fit returns the model. Called as a statement, they change nothing, and the code after them runs on the old chain or data.");

    /// <summary>What a discarded call is, which says why discarding it does nothing and what the fix may do.</summary>
    internal enum CallKind
    {
        /// <summary><c>chain.Append(step)</c> on an estimator or transformer chain: the fix assigns the chain back.</summary>
        Append,

        /// <summary>A <c>mlContext.Data</c> operation that returns its input data filtered, shuffled, cached...: the fix assigns the data back.</summary>
        DataOperation,

        /// <summary>An estimator built and dropped (a catalog factory).</summary>
        Estimator,

        Fit,

        Transform,

        /// <summary>Another <c>mlContext.Data</c> call that returns a value (a split, a load).</summary>
        OtherData,
    }

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols, DataSymbols data)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (GetKind(invocation, symbols, data) is not { } kind)
        {
            return;
        }

        var method = invocation.TargetMethod;
        var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(access.Name.SpanStart, invocation.Syntax.Span.End)
            : invocation.Syntax.Span;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptor,
            Location.Create(invocation.Syntax.SyntaxTree, location),
            method.Name,
            Explain(kind, method.Name)));
    }

    /// <summary>The kind of a discarded immutable call, or null when <paramref name="invocation"/> is not one.</summary>
    internal static CallKind? GetKind(IInvocationOperation invocation, MlNetSymbols symbols, DataSymbols data)
    {
        var method = invocation.TargetMethod;
        if (invocation.Parent is not IExpressionStatementOperation
            || method.ReturnsVoid
            || !method.IsFromMlNet()
            || HasRefOrOutParameter(method))
        {
            return null;
        }

        if (symbols.IsEstimatorAppend(method)
            || (method.Name == "Append" && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, data.TransformerChain)))
        {
            return CallKind.Append;
        }

        if (symbols.IsEstimatorFit(method))
        {
            return CallKind.Fit;
        }

        if (symbols.IsTransform(method))
        {
            return CallKind.Transform;
        }

        if (IsDataCatalogCall(method, symbols))
        {
            return method.Name is "ShuffleRows" or "FilterRowsByColumn" or "FilterRowsByMissingValues" or "FilterRowsByKeyColumnFraction"
                or "SkipRows" or "TakeRows" or "Cache" or "BootstrapSample"
                ? CallKind.DataOperation
                : CallKind.OtherData;
        }

        return symbols.IsEstimator(method.ReturnType) ? CallKind.Estimator : null;
    }

    private static bool IsDataCatalogCall(IMethodSymbol method, MlNetSymbols symbols)
        => SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.DataOperationsCatalog)
            || (method.IsExtensionMethod
                && (method.ReducedFrom ?? method).Parameters is { Length: > 0 } parameters
                && SymbolEqualityComparer.Default.Equals(parameters[0].Type, symbols.DataOperationsCatalog));

    private static bool HasRefOrOutParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind is RefKind.Ref or RefKind.Out)
            {
                return true;
            }
        }

        return false;
    }

    private static string Explain(CallKind kind, string name) => kind switch
    {
        CallKind.Append => "estimator and transformer chains are immutable: Append returns a new chain and leaves this one as it was; assign the result",
        CallKind.DataOperation => $"data views are immutable: {name} returns a new data view and leaves its input as it was; assign the result and use it",
        CallKind.Fit => "Fit trains and returns the model, which nothing keeps: the training is wasted; assign the model and use it",
        CallKind.Transform => "Transform returns the transformed data view and leaves its input as it was; assign the result and use it",
        CallKind.Estimator => "the estimator is built and dropped: nothing is added to any pipeline; append it to the chain",
        _ => $"{name} changes nothing and returns a value that nothing keeps; assign the result and use it",
    };
}
