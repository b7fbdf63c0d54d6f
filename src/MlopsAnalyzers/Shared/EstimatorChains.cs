using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers;

/// <summary>
/// Estimator chains (<c>a.Append(b).Append(c)</c> over ML.NET catalog calls) and their fingerprint: the ML.NET methods
/// called, in order, with their constant arguments (column names, settings). Two chains with the same fingerprint
/// build the same pipeline. Only chains whose every argument is a constant, an ML.NET call or the MLContext can be
/// fingerprinted: anything computed at run time makes the chain unique.
/// </summary>
internal static partial class EstimatorChains
{
    /// <summary>A chain's fingerprint, its number of steps and where it uses its MLContext.</summary>
    public sealed class Chain
    {
        internal Chain(string fingerprint, int steps, IReadOnlyList<IOperation> contextUses)
        {
            Fingerprint = fingerprint;
            Steps = steps;
            ContextUses = contextUses;
        }

        public string Fingerprint { get; }

        /// <summary>The ML.NET calls other than Append (the estimators).</summary>
        public int Steps { get; }

        /// <summary>Every reference to the MLContext the chain is built from (all to the same variable).</summary>
        public IReadOnlyList<IOperation> ContextUses { get; }
    }

    /// <summary>
    /// True for an ML.NET <c>Append</c> call that is not itself part of a longer chain (not the receiver or the argument
    /// of another <c>Append</c>).
    /// </summary>
    public static bool IsOutermostAppend(IInvocationOperation invocation)
    {
        if (!IsAppend(invocation.TargetMethod))
        {
            return false;
        }

        var parent = invocation.WalkUpConversion();
        if (parent is IArgumentOperation argument)
        {
            parent = argument.Parent;
        }

        return !(parent is IInvocationOperation outer && IsAppend(outer.TargetMethod));
    }

    /// <summary>The chain's fingerprint, or null when some part of it is not a constant, an ML.NET call or the context.</summary>
    public static Chain? Describe(IInvocationOperation chain, MlNetSymbols symbols)
        => Describe(chain, symbols, new SymbolDisplayCache());

    /// <summary>
    /// As <see cref="Describe(IInvocationOperation, MlNetSymbols)"/>, formatting symbols through <paramref name="names"/>
    /// (one per compilation, shared by every chain described in it).
    /// </summary>
    public static Chain? Describe(IInvocationOperation chain, MlNetSymbols symbols, SymbolDisplayCache names)
    {
        var builder = new StringBuilder();
        var state = new State(symbols, names);
        if (!Describe(chain, builder, state, depth: 0) || state.Steps < 2 || state.ContextUses.Count == 0)
        {
            return null;
        }

        return new Chain(builder.ToString(), state.Steps, state.ContextUses);
    }

    private static bool IsAppend(IMethodSymbol method)
        => method.Name is "Append" && method.IsFromMlNet();

    private sealed class State
    {
        public State(MlNetSymbols symbols, SymbolDisplayCache names)
        {
            Symbols = symbols;
            Names = names;
        }

        public MlNetSymbols Symbols { get; }

        public SymbolDisplayCache Names { get; }

        public int Steps { get; set; }

        public ISymbol? Context { get; set; }

        public List<IOperation> ContextUses { get; } = new();
    }

    private static bool Describe(IOperation operation, StringBuilder builder, State state, int depth)
    {
        if (depth > 64)
        {
            return false;
        }

        operation = operation.WalkDownConversion();
        if (operation.ConstantValue.HasValue)
        {
            var value = operation.ConstantValue.Value;
            var text = value switch
            {
                null => "null",
                string s => s.Length.ToString(CultureInfo.InvariantCulture) + ":" + s,
                System.IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            builder.Append("c[").Append(operation.Type is { } type ? state.Names.Get(type) : "?").Append(']').Append(text).Append(';');
            return true;
        }

        if (state.Symbols.IsMLContext(operation.Type))
        {
            var symbol = operation.GetReferencedSymbol();
            if (symbol is null || (operation is IFieldReferenceOperation { Instance: { } fieldOwner } && fieldOwner is not IInstanceReferenceOperation)
                || (operation is IPropertyReferenceOperation { Instance: { } propertyOwner } && propertyOwner is not IInstanceReferenceOperation))
            {
                return false;
            }

            if (state.Context is null)
            {
                state.Context = symbol;
            }
            else if (!SymbolEqualityComparer.Default.Equals(state.Context, symbol))
            {
                return false;
            }

            state.ContextUses.Add(operation);
            builder.Append("ctx;");
            return true;
        }

        switch (operation)
        {
            case IInvocationOperation invocation when invocation.TargetMethod.IsFromMlNet():
                if (!IsAppend(invocation.TargetMethod))
                {
                    state.Steps++;
                }

                builder.Append(state.Names.Get(invocation.TargetMethod)).Append('(');
                if (invocation.Instance is { } instance && !Describe(instance, builder, state, depth + 1))
                {
                    return false;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        builder.Append("_;");
                    }
                    else if (!Describe(argument.Value, builder, state, depth + 1))
                    {
                        return false;
                    }
                }

                builder.Append(')');
                return true;

            case IPropertyReferenceOperation { Instance: { } owner, Arguments.IsEmpty: true } property when property.Property.IsFromMlNet():
                builder.Append(state.Names.Get(property.Property)).Append('(');
                if (!Describe(owner, builder, state, depth + 1))
                {
                    return false;
                }

                builder.Append(')');
                return true;

            case IArrayCreationOperation { Initializer: { } initializer }:
                builder.Append('[');
                foreach (var element in initializer.ElementValues)
                {
                    if (!Describe(element, builder, state, depth + 1))
                    {
                        return false;
                    }
                }

                builder.Append(']');
                return true;

            default:
                return false;
        }
    }
}
