using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Reproducibility;

/// <summary>
/// Follows <c>MLContext</c> instances through one type: where each is created and whether with a seed, which local,
/// field or property it is stored in, what it is used for (training, randomized data operations), and which parameters
/// of the type's own methods it is passed to. Facts are collected by operation actions registered in a symbol-start
/// action on the type, and read once the whole type (every partial declaration) has been analyzed.
/// </summary>
/// <remarks>
/// A context is identified by its <see cref="ContextHolder"/>: the local, parameter, field or property it is stored in,
/// or the creation itself when it is used in place (<c>new MLContext().Data...</c>). Holders of other types (a public field used
/// from another class) and contexts returned or passed to methods of other types are not followed: the rules that read
/// these facts stay silent rather than guess.
/// </remarks>
internal sealed class MLContextFlow
{
    private readonly object _gate = new();
    private readonly MlNetSymbols _symbols;
    private readonly INamedTypeSymbol _type;
    private readonly List<Creation> _creations = new();
    private readonly Dictionary<ContextHolder, TrainingUse> _trainingUses = new();
    private readonly HashSet<ContextHolder> _assignedElsewhere = new();
    private readonly List<(ContextHolder From, IParameterSymbol To)> _flows = new();
    private readonly List<(IInvocationOperation Call, ContextHolder Holder)> _randomizedCalls = new();

    private MLContextFlow(MlNetSymbols symbols, INamedTypeSymbol type)
    {
        _symbols = symbols;
        _type = type;
    }

    /// <summary>How a context was created.</summary>
    public enum SeedState
    {
        /// <summary><c>new MLContext()</c>, <c>new()</c>, <c>seed: null</c>.</summary>
        Unseeded,

        /// <summary>A seed expression that is not a constant null (a literal, a variable, a configuration value).</summary>
        Seeded,
    }

    /// <summary>
    /// The flow of the type a symbol-start action starts on, or null for other symbols. The family analyzer feeds it
    /// every operation of the type through <see cref="OnOperation"/> and reads it at the type's end.
    /// </summary>
    public static MLContextFlow? For(ISymbol symbol, MlNetSymbols symbols)
        => symbol is INamedTypeSymbol type ? new MLContextFlow(symbols, type) : null;

    /// <summary>The operation kinds <see cref="OnOperation"/> reads.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<OperationKind> OperationKinds = System.Collections.Immutable.ImmutableArray.Create(
        OperationKind.ObjectCreation,
        OperationKind.Invocation,
        OperationKind.SimpleAssignment,
        OperationKind.CoalesceAssignment,
        OperationKind.VariableDeclarator,
        OperationKind.FieldInitializer,
        OperationKind.PropertyInitializer);

    /// <summary>Records what one operation of the type says about its contexts.</summary>
    public void OnOperation(IOperation operation)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation:
                OnObjectCreation(creation);
                break;
            case IInvocationOperation invocation:
                OnInvocation(invocation);
                break;
            case IAssignmentOperation assignment:
                OnAssignment(assignment);
                break;
            case IVariableDeclaratorOperation declarator:
                OnDeclarator(declarator);
                break;
            case ISymbolInitializerOperation initializer:
                OnMemberInitializer(initializer);
                break;
        }
    }

    /// <summary>A <c>new MLContext(...)</c> and where its value goes.</summary>
    public sealed class Creation
    {
        internal Creation(IObjectCreationOperation operation, SeedState seed, ContextHolder? holder)
        {
            Operation = operation;
            Seed = seed;
            Holder = holder;
        }

        public IObjectCreationOperation Operation { get; }

        public SeedState Seed { get; }

        /// <summary>The local, field or property that stores it, the creation itself when used in place, or null when it escapes.</summary>
        public ContextHolder? Holder { get; }
    }

    /// <summary>Every <c>new MLContext(...)</c> in the type.</summary>
    public IReadOnlyList<Creation> Creations => _creations;

    /// <summary>Randomized ML.NET calls (an <c>int? seed</c> parameter) that leave the seed out, with the holder of their context.</summary>
    public IReadOnlyList<(IInvocationOperation Call, ContextHolder Holder)> UnseededRandomizedCalls => _randomizedCalls;

    /// <summary>
    /// What the context held by <paramref name="holder"/> is used for when it trains (for the message), or null when it does
    /// not train: it builds a trainer, runs a randomized operation, cross-validates or runs AutoML, directly or through
    /// a parameter of one of the type's methods that it is passed to.
    /// </summary>
    public string? GetTrainingUse(ContextHolder holder)
        => GetTrainingUse(holder, new HashSet<ContextHolder>())?.Description;

    /// <summary>
    /// True when every value the holder can have is an unseeded <c>new MLContext()</c> created in this type: a local or
    /// a private or read-only member assigned only from unseeded creations, or an unseeded creation used in place.
    /// </summary>
    public bool IsKnownUnseeded(ContextHolder holder)
    {
        if (holder.Symbol is not { } holderSymbol)
        {
            foreach (var creation in _creations)
            {
                if (ReferenceEquals(creation.Operation, holder.Creation))
                {
                    return creation.Seed == SeedState.Unseeded;
                }
            }

            return false;
        }

        if (_assignedElsewhere.Contains(holder) || !IsAssignableOnlyInType(holderSymbol))
        {
            return false;
        }

        var any = false;
        foreach (var creation in _creations)
        {
            if (creation.Holder == holder)
            {
                if (creation.Seed != SeedState.Unseeded)
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    /// <summary>The holder of the context an expression evaluates to, walking down a member chain such as <c>ml.Data</c>.</summary>
    public static ContextHolder? GetContextHolder(IOperation? expression, MlNetSymbols symbols)
    {
        for (var depth = 0; expression is not null && depth < 32; depth++)
        {
            expression = expression.WalkDownConversion();
            if (symbols.IsMLContext(expression.Type))
            {
                return expression switch
                {
                    ILocalReferenceOperation local => ContextHolder.Of(local.Local),
                    IParameterReferenceOperation parameter => ContextHolder.Of(parameter.Parameter.OriginalDefinition),
                    IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => ContextHolder.Of(field.Field.OriginalDefinition),
                    IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.Length: 0 } property => ContextHolder.Of(property.Property.OriginalDefinition),
                    IObjectCreationOperation creation => ContextHolder.InPlace(creation),
                    _ => null,
                };
            }

            expression = expression switch
            {
                IPropertyReferenceOperation property => property.Instance,
                IFieldReferenceOperation field => field.Instance,
                IInvocationOperation invocation => invocation.GetReceiver(),
                _ => null,
            };
        }

        return null;
    }

    private TrainingUse? GetTrainingUse(ContextHolder holder, HashSet<ContextHolder> seen)
    {
        if (!seen.Add(holder))
        {
            return null;
        }

        // Operation actions run concurrently: of all the uses, report the first in source order, so that the
        // message is the same on every build.
        _trainingUses.TryGetValue(holder, out var best);
        foreach (var (from, to) in _flows)
        {
            if (from == holder && GetTrainingUse(ContextHolder.Of(to), seen) is { } calleeUse)
            {
                best = TrainingUse.First(best, calleeUse);
            }
        }

        return best;
    }

    private static bool IsAssignableOnlyInType(ISymbol symbol) => symbol switch
    {
        ILocalSymbol => true,
        IFieldSymbol field => field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private,
        IPropertySymbol property => !property.IsVirtual && !property.IsAbstract && !property.IsOverride
            && (property.DeclaredAccessibility == Accessibility.Private
                || property.SetMethod is null
                || property.SetMethod.DeclaredAccessibility == Accessibility.Private),
        _ => false,
    };

    private void OnObjectCreation(IObjectCreationOperation creation)
    {
        var constructor = creation.Constructor;
        if (constructor is null)
        {
            return;
        }

        if (_symbols.IsMLContext(constructor.ContainingType))
        {
            var seed = SeedState.Seeded;
            if (constructor.Parameters.Length == 1 && creation.Arguments.Length == 1 && creation.Arguments[0].IsOmittedOrNull())
            {
                seed = SeedState.Unseeded;
            }
            else if (constructor.Parameters.Length == 0)
            {
                seed = SeedState.Unseeded;
            }

            var holder = GetCreationHolder(creation);
            lock (_gate)
            {
                _creations.Add(new Creation(creation, seed, holder));
            }
        }

        RecordArgumentFlows(constructor, creation.Arguments);
    }

    private static ContextHolder? GetCreationHolder(IObjectCreationOperation creation)
    {
        var parent = creation.WalkUpConversion();
        switch (parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return ContextHolder.Of(declarator.Symbol);
            case IFieldInitializerOperation { InitializedFields.Length: > 0 } field:
                return ContextHolder.Of(field.InitializedFields[0].OriginalDefinition);
            case IPropertyInitializerOperation { InitializedProperties.Length: > 0 } property:
                return ContextHolder.Of(property.InitializedProperties[0].OriginalDefinition);
            case IAssignmentOperation assignment when assignment.Value.WalkDownConversion() == creation:
                return GetAssignableHolder(assignment.Target);
            case IPropertyReferenceOperation or IFieldReferenceOperation or IInvocationOperation or IArgumentOperation:
                // Used in place (new MLContext().Data...) or passed on: the creation itself is the holder.
                return ContextHolder.InPlace(creation);
            default:
                return null;
        }
    }

    private static ContextHolder? GetAssignableHolder(IOperation target) => target switch
    {
        ILocalReferenceOperation local => ContextHolder.Of(local.Local),
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => ContextHolder.Of(field.Field.OriginalDefinition),
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.Length: 0 } property => ContextHolder.Of(property.Property.OriginalDefinition),
        _ => null,
    };

    private void OnInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        RecordArgumentFlows(method, invocation.Arguments);

        var receiver = invocation.GetReceiver();
        if (receiver is null)
        {
            return;
        }

        string? use = null;
        var seedParameter = method.IsFromMlNet() ? MlNetSymbols.GetRandomSeedParameter(method) : null;
        if (seedParameter is not null)
        {
            if (!DrawsItsOwnRandomness(invocation, seedParameter))
            {
                use = $"call '{method.Name}'";
            }
        }
        else if (_symbols.IsTrainerCatalog(receiver.Type))
        {
            if (!IsDeterministicByDefault(method))
            {
                use = $"create the trainer '{method.Name}'";
            }
        }
        else if (_symbols.AutoCatalog is not null && SymbolEqualityComparer.Default.Equals(receiver.Type, _symbols.AutoCatalog))
        {
            use = $"run the AutoML experiment '{method.Name}'";
        }

        if (use is null)
        {
            return;
        }

        var holder = GetContextHolder(receiver, _symbols);
        if (holder is null)
        {
            return;
        }

        lock (_gate)
        {
            var candidate = new TrainingUse(use, invocation.Syntax);
            _trainingUses[holder] = _trainingUses.TryGetValue(holder, out var known) ? TrainingUse.First(known, candidate) : candidate;

            if (seedParameter is not null
                && (_symbols.DataOperationsCatalog is { } data && SymbolEqualityComparer.Default.Equals(method.ContainingType, data)
                    || _symbols.IsTaskCatalog(method.ContainingType))
                && invocation.GetArgument(seedParameter) is { } seedArgument
                && seedArgument.IsOmittedOrNull()
                && !IsKeyedBySamplingColumn(invocation))
            {
                _randomizedCalls.Add((invocation, holder));
            }
        }
    }

    /// <summary>
    /// True when a call with a <c>seed</c> parameter does not draw from its context's random source: it is given a seed
    /// of its own, or it is a split keyed by a sampling column (<c>samplingKeyColumnName:</c>), which hashes the key
    /// with a fixed seed when none is given, so the same rows land on the same side on every run.
    /// </summary>
    private static bool DrawsItsOwnRandomness(IInvocationOperation invocation, IParameterSymbol seedParameter)
    {
        if (invocation.GetArgument(seedParameter) is { } seed && !seed.IsOmittedOrNull())
        {
            return true;
        }

        return invocation.TargetMethod.Name is "TrainTestSplit" or "CrossValidationSplit" && IsKeyedBySamplingColumn(invocation);
    }

    /// <summary>
    /// True for a split or cross-validation given <c>samplingKeyColumnName:</c>: its rows are assigned by a hash of the
    /// key (with a fixed seed when none is given), not by a random draw. A catalog's <c>CrossValidate</c> still trains.
    /// </summary>
    private static bool IsKeyedBySamplingColumn(IInvocationOperation invocation)
        => invocation.GetArgument("samplingKeyColumnName") is { } key && !key.IsOmittedOrNull();

    /// <summary>
    /// Trainers that draw no random numbers with their default options (no options object passed): L-BFGS (weights
    /// start at zero), ordinary least squares, naive Bayes and the prior trainer.
    /// </summary>
    private static bool IsDeterministicByDefault(IMethodSymbol method)
    {
        if (method.Name is not ("LbfgsLogisticRegression" or "LbfgsMaximumEntropy" or "LbfgsPoissonRegression" or "Ols" or "NaiveBayes" or "Prior")
            || !method.IsFromMlNet())
        {
            return false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == "options")
            {
                return false;
            }
        }

        return true;
    }

    private void RecordArgumentFlows(IMethodSymbol method, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter
                && argument.ArgumentKind == ArgumentKind.Explicit
                && _symbols.IsMLContext(parameter.Type)
                && GetContextHolder(argument.Value, _symbols) is { } holder)
            {
                lock (_gate)
                {
                    _flows.Add((holder, parameter.OriginalDefinition));
                }
            }
        }
    }

    private void OnAssignment(IAssignmentOperation assignment)
    {
        if (_symbols.IsMLContext(assignment.Target.Type) && !IsMLContextCreation(assignment.Value))
        {
            MarkAssignedElsewhere(GetAssignableHolder(assignment.Target));
        }
    }

    private void OnDeclarator(IVariableDeclaratorOperation declarator)
    {
        if (_symbols.IsMLContext(declarator.Symbol.Type)
            && declarator.GetVariableInitializer() is { } initializer
            && !IsMLContextCreation(initializer.Value))
        {
            MarkAssignedElsewhere(ContextHolder.Of(declarator.Symbol));
        }
    }

    private void OnMemberInitializer(ISymbolInitializerOperation initializer)
    {
        if (IsMLContextCreation(initializer.Value))
        {
            return;
        }

        var members = initializer switch
        {
            IFieldInitializerOperation field => System.Linq.Enumerable.Cast<ISymbol>(field.InitializedFields),
            IPropertyInitializerOperation property => System.Linq.Enumerable.Cast<ISymbol>(property.InitializedProperties),
            _ => System.Linq.Enumerable.Empty<ISymbol>(),
        };
        foreach (var member in members)
        {
            if (member is IFieldSymbol { Type: var fieldType } && _symbols.IsMLContext(fieldType)
                || member is IPropertySymbol { Type: var propertyType } && _symbols.IsMLContext(propertyType))
            {
                MarkAssignedElsewhere(ContextHolder.Of(member.OriginalDefinition));
            }
        }
    }

    private void MarkAssignedElsewhere(ContextHolder? holder)
    {
        if (holder is null)
        {
            return;
        }

        lock (_gate)
        {
            _assignedElsewhere.Add(holder);
        }
    }

    private bool IsMLContextCreation(IOperation value)
        => value.WalkDownConversion() is IObjectCreationOperation { Constructor: { } constructor }
           && _symbols.IsMLContext(constructor.ContainingType);

    /// <summary>What a context is used for, and where (to pick the first use in source order).</summary>
    private sealed class TrainingUse
    {
        public TrainingUse(string description, SyntaxNode syntax)
        {
            Description = description;
            Path = syntax.SyntaxTree.FilePath;
            Position = syntax.SpanStart;
        }

        public string Description { get; }

        public string Path { get; }

        public int Position { get; }

        public static TrainingUse First(TrainingUse? a, TrainingUse b)
        {
            if (a is null)
            {
                return b;
            }

            var byPath = string.CompareOrdinal(a.Path, b.Path);
            return byPath < 0 || (byPath == 0 && a.Position <= b.Position) ? a : b;
        }
    }
}
