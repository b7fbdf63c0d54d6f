using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers;

/// <summary>
/// Intra-procedural data flow over <see cref="IOperation"/>: which value a local holds when it is assigned exactly
/// once, and which data a fitted model was trained on. Deliberately conservative: anything it cannot see for certain
/// (a second assignment, a ref or out use, a value from another method) gives null.
/// </summary>
public static class DataFlow
{
    /// <summary>The root of the operation tree that contains <paramref name="operation"/> (a method body, a lambda's method, top-level statements).</summary>
    public static IOperation GetRoot(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            current = parent;
        }

        return current;
    }

    /// <summary>
    /// The value of the only assignment to <paramref name="local"/> in <paramref name="root"/> (its initializer or one
    /// plain assignment), or null when it is assigned more than once, by ref, by out or by deconstruction.
    /// </summary>
    public static IOperation? GetSingleAssignedValue(IOperation root, ILocalSymbol local)
    {
        if (local.RefKind != RefKind.None)
        {
            return null;
        }

        IOperation? value = null;
        var count = 0;
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.GetVariableInitializer() is { } initializer)
                    {
                        value = initializer.Value;
                        count++;
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    if (assignment.IsRef)
                    {
                        return null;
                    }

                    value = assignment.Value;
                    count++;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation incremented } when SymbolEqualityComparer.Default.Equals(incremented.Local, local):
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation byRef } when SymbolEqualityComparer.Default.Equals(byRef.Local, local):
                case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } when SymbolEqualityComparer.Default.Equals(declared.Local, local):
                case IDeconstructionAssignmentOperation:
                    if (operation is IDeconstructionAssignmentOperation deconstruction && !Mentions(deconstruction.Target, local))
                    {
                        break;
                    }

                    return null;
            }

            if (count > 1)
            {
                return null;
            }
        }

        return count == 1 ? value : null;
    }

    /// <summary>True when <paramref name="parameter"/> is never assigned, passed by ref or out in <paramref name="root"/>.</summary>
    public static bool IsNeverReassigned(IOperation root, IParameterSymbol parameter)
    {
        if (parameter.RefKind != RefKind.None)
        {
            return false;
        }

        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IAssignmentOperation { Target: IParameterReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Parameter, parameter):
                case IIncrementOrDecrementOperation { Target: IParameterReferenceOperation incremented } when SymbolEqualityComparer.Default.Equals(incremented.Parameter, parameter):
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: IParameterReferenceOperation byRef } when SymbolEqualityComparer.Default.Equals(byRef.Parameter, parameter):
                    return false;
                case IDeconstructionAssignmentOperation deconstruction when Mentions(deconstruction.Target, parameter):
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The data a model was fitted on, when the model expression is <c>estimator.Fit(data)</c>, or a local assigned
    /// once from it, and the data is itself stable: a local assigned once, a parameter never reassigned, a read-only
    /// field, or a read-only field of such a value (<c>split.TrainSet</c>). Null otherwise.
    /// </summary>
    public static IOperation? GetFittedData(IOperation model, MlNetSymbols symbols)
    {
        var root = model.GetRoot();
        var value = model.WalkDownConversion();
        if (value is ILocalReferenceOperation modelLocal)
        {
            value = GetSingleAssignedValue(root, modelLocal.Local)?.WalkDownConversion();
        }

        if (value is not IInvocationOperation fit
            || !symbols.IsEstimatorFit(fit.TargetMethod)
            || fit.Arguments.Length != 1)
        {
            return null;
        }

        var data = fit.Arguments[0].Value.WalkDownConversion();
        return IsStable(data, root) ? data : null;
    }

    /// <summary>
    /// True when <paramref name="expression"/> denotes the same value everywhere in <paramref name="root"/>: a local
    /// assigned once, a parameter never reassigned, a read-only field, or a read-only field of such a value.
    /// </summary>
    public static bool IsStable(IOperation expression, IOperation root) => expression switch
    {
        ILocalReferenceOperation local => GetSingleAssignedValue(root, local.Local) is not null,
        IParameterReferenceOperation parameter => IsNeverReassigned(root, parameter.Parameter),
        IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation } => true,

        // split.TrainSet: a read-only field of a stable value.
        IFieldReferenceOperation { Field.IsReadOnly: true, Instance: { } instance } => IsStable(instance.WalkDownConversion(), root),
        _ => false,
    };

    private static bool Mentions(IOperation operation, ISymbol symbol)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (SymbolEqualityComparer.Default.Equals(descendant.GetReferencedSymbol(), symbol))
            {
                return true;
            }
        }

        return false;
    }
}
