using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers;

/// <summary>
/// Intra-procedural data flow over <see cref="IOperation"/>: which value a local holds when it is assigned exactly
/// once, or at a given read when it is reassigned in straight-line code, whether two expressions are the same value,
/// and which data a fitted model was trained on. Deliberately conservative: anything it cannot see for certain
/// (a second assignment, a ref or out use, a value from another method) gives null.
/// </summary>
internal static class DataFlow
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

        var index = WriteIndex.Of(root);
        return !index.IsUnfollowable(local) && index.GetWrites(local) is { Count: 1 } writes ? writes[0].Value : null;
    }

    /// <summary>True when <paramref name="parameter"/> is never assigned, passed by ref or out in <paramref name="root"/>.</summary>
    public static bool IsNeverReassigned(IOperation root, IParameterSymbol parameter)
    {
        if (parameter.RefKind != RefKind.None)
        {
            return false;
        }

        foreach (var operation in root.GetDescendants())
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
    /// The value a local or parameter read holds, told from the one assignment that reaches it in straight-line code:
    /// the last assignment before the read, standing as a statement of a block that contains the read, with no other
    /// write to the variable in a loop around the read after it, no write in a lambda or local function, no write by
    /// ref, out, compound assignment or deconstruction, and no <c>goto</c> in the method. Null when that cannot be told
    /// for certain, or when a parameter still holds its argument (see <see cref="HoldsArgument"/>).
    /// </summary>
    public static IOperation? GetReachingValue(IOperation reference)
    {
        if (reference.WalkDownConversion() is not { } read
            || read.GetReferencedSymbol() is not { } variable
            || read is not (ILocalReferenceOperation or IParameterReferenceOperation)
            || !TryGetWrites(read.GetRoot(), variable, out var writes))
        {
            return null;
        }

        var position = read.Syntax.SpanStart;
        var function = GetEnclosingFunction(read);
        Write? reaching = null;
        foreach (var write in writes)
        {
            if (!ReferenceEquals(GetEnclosingFunction(write.Operation), function))
            {
                return null;
            }

            if (write.Operation.Syntax.Span.End <= position
                && (reaching is null || write.Operation.Syntax.SpanStart > reaching.Value.Operation.Syntax.SpanStart))
            {
                reaching = write;
            }
        }

        if (reaching is not { } found
            || GetStatementInBlock(found.Operation) is not { Parent: IBlockOperation block }
            || !block.Syntax.Span.Contains(position)
            || IsWrittenLaterInALoop(read, block, writes))
        {
            return null;
        }

        return found.Value;
    }

    /// <summary>
    /// True when a parameter read certainly still holds the argument the method was called with: the parameter is not
    /// ref or out, and no write to it comes before the read or later in a loop around it.
    /// </summary>
    public static bool HoldsArgument(IParameterReferenceOperation reference)
    {
        if (reference.Parameter.RefKind is RefKind.Ref or RefKind.Out
            || !TryGetWrites(reference.GetRoot(), reference.Parameter, out var writes))
        {
            return false;
        }

        var position = reference.Syntax.SpanStart;
        var function = GetEnclosingFunction(reference);
        foreach (var write in writes)
        {
            if (!ReferenceEquals(GetEnclosingFunction(write.Operation), function) || write.Operation.Syntax.Span.End <= position)
            {
                return false;
            }
        }

        return !IsWrittenLaterInALoop(reference, null, writes);
    }

    /// <summary>
    /// The expression that produced the value of <paramref name="expression"/>: itself (without conversions) when it
    /// is not a local or parameter read, else the reaching value of the variable, followed again. A parameter that still
    /// holds its argument resolves to its read. Null when a reaching value cannot be told.
    /// </summary>
    public static IOperation? ResolveValue(IOperation expression)
    {
        var current = expression.WalkDownConversion();
        for (var depth = 0; depth < 16; depth++)
        {
            switch (current)
            {
                case IParameterReferenceOperation parameter when HoldsArgument(parameter):
                    return parameter;
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    if (GetReachingValue(current) is not { } value)
                    {
                        return null;
                    }

                    current = value.WalkDownConversion();
                    break;
                default:
                    return current;
            }
        }

        return null;
    }

    /// <summary>
    /// True when both expressions certainly evaluate to the same object: after <see cref="ResolveValue"/>, the same
    /// parameter still holding its argument, the same read-only field (of <c>this</c>, a type, or the same object), or
    /// the very same call or creation reached through locals (<c>var d = Load(); Fit(d); Transform(d)</c>). False when
    /// unsure: two calls that look alike are different values.
    /// </summary>
    public static bool AreSameValue(IOperation a, IOperation b)
        => GetIdentity(a) is { } first && GetIdentity(b) is { } second && first.Equals(second);

    private static ValueIdentity? GetIdentity(IOperation expression)
    {
        switch (ResolveValue(expression))
        {
            case IParameterReferenceOperation parameter:
                return new ValueIdentity(parameter.Parameter, null, null);
            case IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation } field:
                return new ValueIdentity(field.Field, null, null);
            case IFieldReferenceOperation { Field.IsReadOnly: true, Instance: { } instance } field:
                return GetIdentity(instance) is { } owner ? new ValueIdentity(null, owner, field.Field) : null;
            case IInvocationOperation invocation:
                return new ValueIdentity(invocation, null, null);
            case IObjectCreationOperation creation:
                return new ValueIdentity(creation, null, null);
            default:
                return null;
        }
    }

    /// <summary>A write to a variable: the declarator or assignment, and the value written.</summary>
    private readonly struct Write
    {
        public Write(IOperation operation, IOperation value)
        {
            Operation = operation;
            Value = value;
        }

        public IOperation Operation { get; }

        public IOperation Value { get; }
    }

    /// <summary>Every plain write to <paramref name="variable"/>; false when any write is of a kind that cannot be followed.</summary>
    private static bool TryGetWrites(IOperation root, ISymbol variable, out System.Collections.Generic.List<Write> writes)
    {
        if (variable is ILocalSymbol { RefKind: not RefKind.None } or IParameterSymbol { RefKind: RefKind.Ref or RefKind.Out })
        {
            writes = new System.Collections.Generic.List<Write>();
            return false;
        }

        var index = WriteIndex.Of(root);
        writes = index.GetWrites(variable);
        return !index.HasGoto && !index.IsUnfollowable(variable) && !index.IsAliasedByRef(variable);
    }

    /// <summary>
    /// The writes to every local and parameter of an operation tree, collected in one walk (in the order of the walk)
    /// and, for the root of a tree, shared by every question asked about it (<see cref="GetReachingValue"/>,
    /// <see cref="GetSingleAssignedValue"/>, ...) by every rule. Keyed weakly on the root, so nothing outlives the tree.
    /// </summary>
    private sealed class WriteIndex
    {
        private static readonly ConditionalWeakTable<IOperation, WriteIndex> OfRoots = new();
        private static readonly System.Collections.Generic.List<Write> None = new();

        private readonly System.Collections.Generic.Dictionary<ISymbol, System.Collections.Generic.List<Write>> _writes = new(SymbolEqualityComparer.Default);

        /// <summary>Written in a way that cannot be followed: compound assignment, ++/--, by ref or out, <c>out var</c>, deconstruction, ref assignment.</summary>
        private readonly System.Collections.Generic.HashSet<ISymbol> _unfollowable = new(SymbolEqualityComparer.Default);

        /// <summary>Mentioned in the initializer of a ref local (which may then write it).</summary>
        private readonly System.Collections.Generic.HashSet<ISymbol> _aliasedByRef = new(SymbolEqualityComparer.Default);

        private WriteIndex(IOperation root)
        {
            foreach (var operation in root.GetDescendants())
            {
                switch (operation)
                {
                    case IBranchOperation { BranchKind: BranchKind.GoTo }:
                        HasGoto = true;
                        break;
                    case IVariableDeclaratorOperation declarator:
                        if (declarator.GetVariableInitializer() is { } initializer)
                        {
                            Add(declarator.Symbol, new Write(declarator, initializer.Value));
                            if (declarator.Symbol.RefKind != RefKind.None)
                            {
                                foreach (var mentioned in initializer.DescendantsAndSelf())
                                {
                                    if (mentioned.GetReferencedSymbol() is { } aliased && !SymbolEqualityComparer.Default.Equals(aliased, declarator.Symbol))
                                    {
                                        _aliasedByRef.Add(aliased);
                                    }
                                }
                            }
                        }

                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } assignment:
                        if (assignment.IsRef)
                        {
                            _unfollowable.Add(assignment.Target.GetReferencedSymbol()!);
                        }
                        else
                        {
                            Add(assignment.Target.GetReferencedSymbol()!, new Write(assignment, assignment.Value));
                        }

                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } other:
                        _unfollowable.Add(other.Target.GetReferencedSymbol()!);
                        break;
                    case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } incremented:
                        _unfollowable.Add(incremented.Target.GetReferencedSymbol()!);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byRef:
                        if (byRef.Value.GetReferencedSymbol() is { } passed)
                        {
                            _unfollowable.Add(passed);
                        }

                        break;
                    case IDeclarationExpressionOperation declared:
                        if (declared.Expression.GetReferencedSymbol() is { } declaredSymbol)
                        {
                            _unfollowable.Add(declaredSymbol);
                        }

                        break;
                    case IDeconstructionAssignmentOperation deconstruction:
                        foreach (var target in deconstruction.Target.DescendantsAndSelf())
                        {
                            if (target.GetReferencedSymbol() is { } deconstructed)
                            {
                                _unfollowable.Add(deconstructed);
                            }
                        }

                        break;
                }
            }
        }

        /// <summary>A <c>goto</c> anywhere in the tree: no write can be told to reach a read.</summary>
        public bool HasGoto { get; }

        /// <summary>The index of <paramref name="root"/>: shared when it is the root of its tree, else computed for it alone.</summary>
        public static WriteIndex Of(IOperation root)
            => root.Parent is null ? OfRoots.GetValue(root, static r => new WriteIndex(r)) : new WriteIndex(root);

        /// <summary>The plain writes (initializer, simple assignment) to <paramref name="variable"/>, in tree order. Do not modify.</summary>
        public System.Collections.Generic.List<Write> GetWrites(ISymbol variable)
            => _writes.TryGetValue(variable, out var writes) ? writes : None;

        public bool IsUnfollowable(ISymbol variable) => _unfollowable.Contains(variable);

        public bool IsAliasedByRef(ISymbol variable) => _aliasedByRef.Contains(variable);

        private void Add(ISymbol variable, Write write)
        {
            if (!_writes.TryGetValue(variable, out var writes))
            {
                _writes[variable] = writes = new System.Collections.Generic.List<Write>();
            }

            writes.Add(write);
        }
    }

    /// <summary>The lambda or local function around <paramref name="operation"/>, or null in the method body itself.</summary>
    private static IOperation? GetEnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// The statement a write is, when the write is the whole statement (<c>var x = v;</c>, <c>using var x = v;</c>,
    /// <c>x = v;</c>) and not part of a larger expression that may not run; else null.
    /// </summary>
    private static IOperation? GetStatementInBlock(IOperation write) => write switch
    {
        IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group } }
            => group.Parent is IUsingDeclarationOperation usingDeclaration ? usingDeclaration : group,
        ISimpleAssignmentOperation { Parent: IExpressionStatementOperation statement } => statement,
        _ => null,
    };

    /// <summary>True when a loop between <paramref name="read"/> and <paramref name="stopAt"/> writes the variable after the read.</summary>
    private static bool IsWrittenLaterInALoop(IOperation read, IOperation? stopAt, System.Collections.Generic.List<Write> writes)
    {
        var position = read.Syntax.SpanStart;
        for (var current = read.Parent; current is not null && !ReferenceEquals(current, stopAt); current = current.Parent)
        {
            if (current is ILoopOperation loop)
            {
                foreach (var write in writes)
                {
                    if (write.Operation.Syntax.SpanStart > position && loop.Syntax.Span.Contains(write.Operation.Syntax.Span))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>What a value is: a symbol (parameter, field), an operation (a call), or a read-only field of another value.</summary>
    private sealed class ValueIdentity : System.IEquatable<ValueIdentity>
    {
        private readonly object? _root;
        private readonly ValueIdentity? _owner;
        private readonly IFieldSymbol? _field;

        public ValueIdentity(object? root, ValueIdentity? owner, IFieldSymbol? field)
        {
            _root = root;
            _owner = owner;
            _field = field;
        }

        public bool Equals(ValueIdentity? other)
            => other is not null
                && (_root is ISymbol symbol ? SymbolEqualityComparer.Default.Equals(symbol, other._root as ISymbol) : ReferenceEquals(_root, other._root))
                && SymbolEqualityComparer.Default.Equals(_field, other._field)
                && (_owner is null ? other._owner is null : _owner.Equals(other._owner));

        public override bool Equals(object? obj) => Equals(obj as ValueIdentity);

        public override int GetHashCode()
            => _root is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : _field is not null ? SymbolEqualityComparer.Default.GetHashCode(_field) : 0;
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
