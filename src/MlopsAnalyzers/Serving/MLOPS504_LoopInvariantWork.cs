using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Serving;

/// <summary>
/// MLOPS504: work repeated in a loop that could be done once:
/// <list type="bullet">
/// <item><c>estimator.Fit(data)</c> in a loop body, where the estimator and the data are both variables (locals,
/// parameters, read-only fields) declared outside the loop and not written inside it: every iteration trains the same
/// model on the same data;</item>
/// <item><c>engine.Predict(row)</c> on each row of a <c>foreach</c> over <c>mlContext.Data.CreateEnumerable</c>: the
/// rows already are a data view, and one <c>model.Transform(data)</c> scores them all in a batch.</item>
/// </list>
/// Loops over in-memory lists (a batch of requests) are not flagged: turning them into a data view first costs a copy.
/// </summary>
internal static class LoopInvariantWorkRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.LoopInvariantWork,
        RuleCategories.Serving,
        RuleLevel.IdeSuggestion,
        title: "Loop-invariant work: unchanged Fit in a loop, per-row Predict over a whole data view",
        messageFormat: "{0}",
        description: "Training the same estimator on the same data in every iteration of a loop repeats the most expensive call of a pipeline for the same model; predicting row by row over a data view with a PredictionEngine runs the whole pipeline once per row where one Transform scores the data view in a batch.");

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (symbols.IsEstimatorFit(method) && method.IsFromMlNet())
        {
            if (GetEnclosingLoop(invocation) is { } fitLoop
                && invocation.GetReceiver() is { } estimator
                && invocation.Arguments.Length == 1
                && IsInvariant(estimator, fitLoop)
                && IsInvariant(invocation.Arguments[0].Value, fitLoop))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptor,
                    NameLocation(invocation),
                    "Fit trains the same estimator on the same data in every iteration of this loop: fit once before the loop"));
            }

            return;
        }

        if (symbols.IsEnginePredict(method)
            && invocation.Arguments.Length >= 1
            && invocation.Arguments[0].Value.WalkDownConversion() is ILocalReferenceOperation row
            && GetEnclosingLoop(invocation) is IForEachLoopOperation { Collection: { } collection } loop
            && IsIterationVariable(loop, row.Local)
            && collection.WalkDownConversion() is IInvocationOperation { TargetMethod.Name: "CreateEnumerable" } rows
            && SymbolEqualityComparer.Default.Equals(rows.TargetMethod.ContainingType, symbols.DataOperationsCatalog))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                NameLocation(invocation),
                "Predict runs the pipeline once per row of a data view: score the whole data view with one model.Transform(data) and read the results with CreateEnumerable"));
        }
    }

    private static Location NameLocation(IInvocationOperation invocation)
        => invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? access.Name.GetLocation()
            : invocation.Syntax.GetLocation();

    /// <summary>The innermost loop around the operation in the same function (not across a lambda or local function).</summary>
    private static ILoopOperation? GetEnclosingLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ILoopOperation loop:
                    return loop;
            }
        }

        return null;
    }

    private static bool IsIterationVariable(IForEachLoopOperation loop, ILocalSymbol local)
    {
        foreach (var declared in loop.Locals)
        {
            if (SymbolEqualityComparer.Default.Equals(declared, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the value is a local or parameter declared outside the loop and never written inside it (nor by ref,
    /// nor in a lambda), or a read-only field of <c>this</c> or of a type.
    /// </summary>
    private static bool IsInvariant(IOperation value, ILoopOperation loop)
    {
        value = value.WalkDownConversion();
        ISymbol symbol;
        switch (value)
        {
            case IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation }:
                return true;
            case ILocalReferenceOperation { Local: { RefKind: RefKind.None } local }:
                foreach (var declared in loop.Locals)
                {
                    if (SymbolEqualityComparer.Default.Equals(declared, local))
                    {
                        return false;
                    }
                }

                if (loop.Syntax.Span.Contains(local.DeclaringSyntaxReferences.Length > 0 ? local.DeclaringSyntaxReferences[0].Span : default))
                {
                    return false;
                }

                symbol = local;
                break;
            case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter }:
                symbol = parameter;
                break;
            default:
                return false;
        }

        foreach (var operation in loop.GetDescendants())
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byRef => byRef.Value,
                _ => null,
            };
            if (target is null)
            {
                continue;
            }

            foreach (var written in target.DescendantsAndSelf())
            {
                if (written.GetReferencedSymbol() is { } writtenSymbol && SymbolEqualityComparer.Default.Equals(writtenSymbol, symbol))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
