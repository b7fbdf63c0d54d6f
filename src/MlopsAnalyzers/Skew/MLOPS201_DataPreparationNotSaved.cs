using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Skew;

/// <summary>
/// MLOPS201: <c>Model.Save(trained, ...)</c> where <c>trained = trainer.Fit(prep.Transform(raw))</c> and <c>prep</c> is
/// a fitted transformer (<c>prepEstimator.Fit(...)</c>) that is neither saved nor passed on: a local of the method, or a
/// private field of the type, used for nothing but <c>Transform</c>, <c>GetOutputSchema</c> and <c>Append</c>. Any other
/// use of <c>prep</c> (saved, returned, stored, passed to a method) keeps the rule silent; a saved
/// <c>prep.Append(trained)</c> is not <c>Fit</c>'s result and is not flagged.
/// </summary>
internal static class DataPreparationNotSavedRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.DataPreparationNotSaved,
        RuleCategories.Skew,
        RuleLevel.BuildWarning,
        title: "Data preparation dropped from the saved model",
        messageFormat: "'{0}' is saved without '{1}', the fitted data preparation it was trained after: serving gets raw rows the model cannot score; save {1}.Append({0}) with the raw data's schema",
        description: "When a data-preparation transformer is fitted and applied first, and the trainer is then fitted on its output, the trained model alone expects prepared columns. Saving it without the preparation means serving code has to re-implement the preparation by hand, which is how training/serving skew starts. Save the whole chain (prep.Append(model)) with the schema of the raw data.");

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.ModelOperationsCatalog is not null && symbols.ITransformer is not null;

    /// <summary>
    /// The rule's facts about one type: the saves that drop a preparation, and how the type's transformer fields are
    /// assigned and used (a preparation kept in a field is only known to be dropped when the field holds a fit and is
    /// used for nothing but <c>Transform</c>). Fed by the family's operation actions, read at the type's end.
    /// </summary>
    internal sealed class TypeAnalysis
    {
        private readonly object _gate = new();
        private readonly MlNetSymbols _symbols;
        private readonly List<Match> _candidates = new();
        private readonly HashSet<IFieldSymbol> _fieldsAssignedFromFit = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IFieldSymbol> _fieldsUsedOtherwise = new(SymbolEqualityComparer.Default);

        public TypeAnalysis(MlNetSymbols symbols) => _symbols = symbols;

        public void OnInvocation(IInvocationOperation invocation)
        {
            if (Find(invocation, _symbols) is { } match)
            {
                lock (_gate)
                {
                    _candidates.Add(match);
                }
            }
        }

        public void OnFieldReference(IFieldReferenceOperation reference)
        {
            if (!_symbols.IsTransformer(reference.Field.Type))
            {
                return;
            }

            var assignedFromFit = IsAssignedFromFit(reference, _symbols);
            var onlyTransformed = assignedFromFit || IsTransformReceiver(reference);
            lock (_gate)
            {
                if (assignedFromFit)
                {
                    _fieldsAssignedFromFit.Add(reference.Field.OriginalDefinition);
                }

                if (!onlyTransformed)
                {
                    _fieldsUsedOtherwise.Add(reference.Field.OriginalDefinition);
                }
            }
        }

        public void OnFieldInitializer(IFieldInitializerOperation initializer)
        {
            lock (_gate)
            {
                foreach (var field in initializer.InitializedFields)
                {
                    _fieldsUsedOtherwise.Add(field.OriginalDefinition);
                }
            }
        }

        public void Report(SymbolAnalysisContext context)
        {
            foreach (var match in _candidates)
            {
                if (match.PrepField is { } field
                    && (!_fieldsAssignedFromFit.Contains(field.OriginalDefinition) || _fieldsUsedOtherwise.Contains(field.OriginalDefinition)))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptor,
                    match.ModelArgument.Syntax.GetLocation(),
                    match.ModelArgument.Value.Syntax.ToString(),
                    match.Prep.Syntax.ToString()));
            }
        }
    }

    /// <summary>What the rule found at a <c>Model.Save</c> call.</summary>
    internal sealed class Match
    {
        public Match(IArgumentOperation modelArgument, IOperation prep, IOperation rawData, IFieldSymbol? prepField)
        {
            ModelArgument = modelArgument;
            Prep = prep;
            RawData = rawData;
            PrepField = prepField;
        }

        /// <summary>The saved model argument.</summary>
        public IArgumentOperation ModelArgument { get; }

        /// <summary>The fitted preparation (the receiver of <c>Transform</c>).</summary>
        public IOperation Prep { get; }

        /// <summary>The raw data the preparation transformed.</summary>
        public IOperation RawData { get; }

        /// <summary>The field holding the preparation, when it is a field (checked over the whole type).</summary>
        public IFieldSymbol? PrepField { get; }
    }

    /// <summary>
    /// The match at a <c>Model.Save</c> call, judged within its method. When the preparation is a field,
    /// <see cref="Match.PrepField"/> is set and the caller must still check the field's uses over the type.
    /// </summary>
    internal static Match? Find(IInvocationOperation save, MlNetSymbols symbols)
    {
        if (save.TargetMethod.Name != "Save"
            || !SymbolEqualityComparer.Default.Equals(save.TargetMethod.ContainingType, symbols.ModelOperationsCatalog)
            || save.GetArgument("model") is not { ArgumentKind: ArgumentKind.Explicit } modelArgument)
        {
            return null;
        }

        var root = save.GetRoot();
        if (ValueOf(modelArgument.Value, root) is not IInvocationOperation fit
            || !symbols.IsEstimatorFit(fit.TargetMethod)
            || fit.Arguments.Length != 1
            || ValueOf(fit.Arguments[0].Value, root) is not IInvocationOperation transform
            || !IsTransform(transform.TargetMethod, symbols)
            || transform.Instance?.WalkDownConversion() is not { } prep)
        {
            return null;
        }

        var rawData = transform.Arguments[0].Value.WalkDownConversion();
        switch (prep)
        {
            case ILocalReferenceOperation local
                when DataFlow.GetSingleAssignedValue(root, local.Local)?.WalkDownConversion() is IInvocationOperation prepFit
                     && symbols.IsEstimatorFit(prepFit.TargetMethod)
                     && IsOnlyTransformed(root, local.Local):
                return new Match(modelArgument, prep, rawData, prepField: null);

            case IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private } field, Instance: null or IInstanceReferenceOperation }:
                return new Match(modelArgument, prep, rawData, field);

            default:
                return null;
        }
    }

    private static IOperation ValueOf(IOperation expression, IOperation root)
    {
        var value = expression.WalkDownConversion();
        return value is ILocalReferenceOperation local && DataFlow.GetSingleAssignedValue(root, local.Local) is { } assigned
            ? assigned.WalkDownConversion()
            : value;
    }

    /// <summary><c>ITransformer.Transform(IDataView)</c> or an implementation of it.</summary>
    private static bool IsTransform(IMethodSymbol method, MlNetSymbols symbols)
        => method.Name == "Transform"
           && method.Parameters.Length == 1
           && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, symbols.IDataView)
           && symbols.IsTransformer(method.ContainingType);

    /// <summary>
    /// The uses that neither save nor pass on the preparation: the receiver of <c>Transform</c>,
    /// <c>GetOutputSchema</c>, or <c>Append</c> (the chain it starts is judged where it is saved).
    /// </summary>
    private static bool IsTransformReceiver(IOperation reference)
    {
        var parent = reference.WalkUpConversion();
        if (parent is IArgumentOperation argument)
        {
            // The this-argument of an extension method called in reduced form (prep.Append(model)).
            parent = argument.Parent;
        }

        return parent is IInvocationOperation { TargetMethod.Name: "Transform" or "GetOutputSchema" or "Append" } call
               && call.GetReceiver()?.WalkDownConversion() == reference;
    }

    private static bool IsAssignedFromFit(IFieldReferenceOperation reference, MlNetSymbols symbols)
        => reference.Parent is ISimpleAssignmentOperation { Value: var value } assignment
           && assignment.Target == reference
           && value.WalkDownConversion() is IInvocationOperation fit
           && symbols.IsEstimatorFit(fit.TargetMethod);

    /// <summary>True when every read of <paramref name="local"/> in the method is the receiver of Transform, GetOutputSchema or Append.</summary>
    private static bool IsOnlyTransformed(IOperation root, ILocalSymbol local)
    {
        foreach (var operation in root.GetDescendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !(reference.Parent is IAssignmentOperation assignment && assignment.Target == reference)
                && !IsTransformReceiver(reference))
            {
                return false;
            }
        }

        return true;
    }
}
