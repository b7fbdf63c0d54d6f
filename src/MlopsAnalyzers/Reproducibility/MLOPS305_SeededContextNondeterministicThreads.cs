using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// MLOPS305 (disabled by default): an SDCA, SGD or KMeans trainer created from a seeded <c>MLContext</c> with
/// <c>NumberOfThreads</c> unset: the parameter overloads (which cannot set it), or an options object (written in the
/// call, or in a local used for nothing else) that does not set it. ML.NET documents these trainers as not
/// deterministic with several threads, seed or not. The context counts as seeded when it is, in the method, a
/// <c>new MLContext(seed: ...)</c> with a seed that is not null, or a local or a field whose initializer (in the same
/// file) is one.
/// </summary>
internal static class SeededContextNondeterministicThreadsRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.SeededContextNondeterministicThreads,
        RuleCategories.Reproducibility,
        RuleLevel.Disabled,
        title: "Seeded context, nondeterministic threads",
        messageFormat: "'{0}' trains on several threads: with NumberOfThreads unset its result differs from run to run although the MLContext is seeded; set NumberOfThreads = 1 in its options",
        description: "SDCA, SGD and KMeans split their work across threads, and the order in which threads update the model changes its result. ML.NET's documentation says these trainers are deterministic only with NumberOfThreads = 1: a seed alone does not make the run repeatable.");

    /// <summary>True for the SDCA, SGD and KMeans trainer factories of ML.NET's trainer catalogs.</summary>
    internal static bool IsMultiThreadedTrainer(IInvocationOperation invocation, MlNetSymbols symbols)
        => invocation.TargetMethod.Name is "Sdca" or "SdcaLogisticRegression" or "SdcaNonCalibrated" or "SdcaMaximumEntropy"
                or "SgdCalibrated" or "SgdNonCalibrated" or "KMeans"
            && invocation.TargetMethod.IsFromMlNet()
            && invocation.GetReceiver() is { } receiver
            && symbols.IsTrainerCatalog(receiver.Type);

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (IsFlagged(invocation, symbols))
        {
            var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? access.Name.GetLocation()
                : invocation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, location, invocation.TargetMethod.Name));
        }
    }

    internal static bool IsFlagged(IInvocationOperation invocation, MlNetSymbols symbols)
        => IsMultiThreadedTrainer(invocation, symbols)
            && LeavesThreadsUnset(invocation, out _)
            && IsSeeded(invocation.GetReceiver()!, symbols);

    /// <summary>True when the trainer's options do not set <c>NumberOfThreads</c>; <paramref name="options"/> is the options object written in the code, if any.</summary>
    internal static bool LeavesThreadsUnset(IInvocationOperation trainer, out IObjectCreationOperation? options)
    {
        options = null;
        if (trainer.GetArgument("options") is not { } argument)
        {
            return true;
        }

        var value = argument.Value.WalkDownConversion();
        if (value is ILocalReferenceOperation local)
        {
            foreach (var operation in trainer.GetRoot().GetDescendants())
            {
                if (operation is ILocalReferenceOperation other
                    && SymbolEqualityComparer.Default.Equals(other.Local, local.Local)
                    && other.Parent is not IArgumentOperation)
                {
                    return false;
                }
            }

            value = DataFlow.ResolveValue(local);
        }

        if (value is not IObjectCreationOperation creation)
        {
            return false;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Field.Name: "NumberOfThreads" } or IPropertyReferenceOperation { Property.Name: "NumberOfThreads" } })
                {
                    return false;
                }
            }
        }

        options = creation;
        return true;
    }

    /// <summary>True when the catalog the trainer comes from is reached from a context known to be seeded.</summary>
    private static bool IsSeeded(IOperation catalog, MlNetSymbols symbols)
    {
        var current = catalog.WalkDownConversion();
        for (var depth = 0; depth < 8 && !symbols.IsMLContext(current.Type); depth++)
        {
            current = current switch
            {
                IPropertyReferenceOperation { Instance: { } instance } => instance.WalkDownConversion(),
                _ => null!,
            };
            if (current is null)
            {
                return false;
            }
        }

        if (!symbols.IsMLContext(current.Type))
        {
            return false;
        }

        IOperation? context = current;
        switch (current)
        {
            case ILocalReferenceOperation:
                context = DataFlow.ResolveValue(current);
                break;
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                context = GetInitializer(field, catalog.SemanticModel);
                break;
        }

        if (context?.WalkDownConversion() is not IObjectCreationOperation creation || !symbols.IsMLContext(creation.Type))
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "seed" && argument.ArgumentKind == ArgumentKind.Explicit && !argument.Value.IsNullConstant())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The initializer of a field declared in the same file as the code being analyzed.</summary>
    private static IOperation? GetInitializer(IFieldSymbol field, SemanticModel? model)
    {
        if (model is null || field.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var reference = field.DeclaringSyntaxReferences[0];
        if (reference.SyntaxTree != model.SyntaxTree
            || reference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return null;
        }

        return model.GetOperation(value);
    }
}
