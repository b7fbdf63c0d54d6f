using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers;

/// <summary>Small, shared helpers over <see cref="IOperation"/> trees. Rules call these; they never copy them.</summary>
internal static class OperationExtensions
{
    /// <summary>
    /// The descendants of each operation tree's root, listed once. Keyed weakly on the root (an operation tree of the
    /// compilation being analyzed, which the analyzer driver shares between all analyzers), so nothing outlives it.
    /// </summary>
    private static readonly ConditionalWeakTable<IOperation, DescendantList> DescendantsOfRoots = new();

    /// <summary>
    /// The same operations, in the same order, as <see cref="Microsoft.CodeAnalysis.Operations.OperationExtensions.Descendants"/>.
    /// For the root of an operation tree (a method body, an initializer; see <see cref="DataFlow.GetRoot"/>) they are
    /// listed once and shared by every rule that walks that tree, instead of being enumerated again on every walk.
    /// </summary>
    public static ImmutableArray<IOperation> GetDescendants(this IOperation operation)
        => operation.Parent is null
            ? DescendantsOfRoots.GetValue(operation, static root => new DescendantList(ImmutableArray.CreateRange(root.Descendants()))).Operations
            : ImmutableArray.CreateRange(operation.Descendants());

    /// <summary>Strips implicit and explicit conversions and parentheses.</summary>
    public static IOperation WalkDownConversion(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The operation that consumes <paramref name="operation"/>, skipping conversions and parentheses.</summary>
    public static IOperation? WalkUpConversion(this IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>
    /// The receiver of a call: the instance, or for an extension method called in reduced form the <c>this</c> argument.
    /// </summary>
    public static IOperation? GetReceiver(this IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return instance;
        }

        if (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
        {
            return invocation.Arguments[0].Value;
        }

        return null;
    }

    /// <summary>The argument bound to <paramref name="parameter"/>, or null.</summary>
    public static IArgumentOperation? GetArgument(this IInvocationOperation invocation, IParameterSymbol parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.OriginalDefinition))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The argument bound to the parameter named <paramref name="name"/>, or null.</summary>
    public static IArgumentOperation? GetArgument(this IInvocationOperation invocation, string name)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the argument leaves the parameter at "nothing": omitted (the default value applies), or a constant
    /// null / <c>default</c> written out.
    /// </summary>
    public static bool IsOmittedOrNull(this IArgumentOperation argument)
    {
        if (argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return true;
        }

        return argument.Value.IsNullConstant();
    }

    /// <summary>True for a constant null, <c>default</c> of a reference or nullable type, or a conversion of either.</summary>
    public static bool IsNullConstant(this IOperation value)
    {
        if (value.ConstantValue is { HasValue: true, Value: null })
        {
            return true;
        }

        var operand = value.WalkDownConversion();
        if (operand.ConstantValue is { HasValue: true, Value: null })
        {
            return true;
        }

        return operand is IDefaultValueOperation { Type: { } type }
            && (type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T);
    }

    /// <summary>The symbol a local, parameter, field or property reference names, or null for any other operation.</summary>
    public static ISymbol? GetReferencedSymbol(this IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private sealed class DescendantList
    {
        public DescendantList(ImmutableArray<IOperation> operations) => Operations = operations;

        public ImmutableArray<IOperation> Operations { get; }
    }
}
