using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Rules;

/// <summary>
/// MLOPS201: <c>Model.Save(trained, ...)</c> where <c>trained = trainer.Fit(prep.Transform(raw))</c> and <c>prep</c> is
/// a fitted transformer (<c>prepEstimator.Fit(...)</c>) that is neither saved nor passed on: a local of the method, or a
/// private field of the type, used for nothing but <c>Transform</c>, <c>GetOutputSchema</c> and <c>Append</c>. Any other
/// use of <c>prep</c> (saved, returned, stored, passed to a method) keeps the rule silent; a saved
/// <c>prep.Append(trained)</c> is not <c>Fit</c>'s result and is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataPreparationNotSavedAnalyzer : MlNetAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLOPS201_DataPreparationNotSaved);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, MlNetSymbols symbols)
    {
        if (symbols.ModelOperationsCatalog is null || symbols.ITransformer is null)
        {
            return;
        }

        context.RegisterSymbolStartAction(start => RegisterForType(start, symbols), SymbolKind.NamedType);
    }

    private static void RegisterForType(SymbolStartAnalysisContext start, MlNetSymbols symbols)
    {
        var gate = new object();
        var candidates = new List<Match>();
        var fieldsAssignedFromFit = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
        var fieldsUsedOtherwise = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);

        start.RegisterOperationAction(
            c =>
            {
                if (Find((IInvocationOperation)c.Operation, symbols) is { } match)
                {
                    lock (gate)
                    {
                        candidates.Add(match);
                    }
                }
            },
            OperationKind.Invocation);

        start.RegisterOperationAction(
            c =>
            {
                var reference = (IFieldReferenceOperation)c.Operation;
                if (!symbols.IsTransformer(reference.Field.Type))
                {
                    return;
                }

                var assignedFromFit = IsAssignedFromFit(reference, symbols);
                var onlyTransformed = assignedFromFit || IsTransformReceiver(reference);
                lock (gate)
                {
                    if (assignedFromFit)
                    {
                        fieldsAssignedFromFit.Add(reference.Field.OriginalDefinition);
                    }

                    if (!onlyTransformed)
                    {
                        fieldsUsedOtherwise.Add(reference.Field.OriginalDefinition);
                    }
                }
            },
            OperationKind.FieldReference);

        start.RegisterOperationAction(
            c =>
            {
                lock (gate)
                {
                    foreach (var field in ((IFieldInitializerOperation)c.Operation).InitializedFields)
                    {
                        fieldsUsedOtherwise.Add(field.OriginalDefinition);
                    }
                }
            },
            OperationKind.FieldInitializer);

        start.RegisterSymbolEndAction(c =>
        {
            foreach (var match in candidates)
            {
                if (match.PrepField is { } field
                    && (!fieldsAssignedFromFit.Contains(field.OriginalDefinition) || fieldsUsedOtherwise.Contains(field.OriginalDefinition)))
                {
                    continue;
                }

                c.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.MLOPS201_DataPreparationNotSaved,
                    match.ModelArgument.Syntax.GetLocation(),
                    match.ModelArgument.Value.Syntax.ToString(),
                    match.Prep.Syntax.ToString()));
            }
        });
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
