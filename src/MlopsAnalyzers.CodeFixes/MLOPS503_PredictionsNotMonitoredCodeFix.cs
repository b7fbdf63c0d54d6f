using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS503: wraps the engine in the runtime library's monitoring decorator. The engine field's type becomes
/// <c>MonitoredPredictionEngine&lt;TSrc, TDst&gt;</c> and the <c>CreatePredictionEngine</c> call that initializes it gets
/// <c>.WithDriftMonitoring(registry.ReadDriftBaseline(name, version))</c>, reading the baseline stored with the version
/// the model is loaded from. Offered only when MlopsAnalyzers.Abstractions is referenced, the engine is a private
/// field of the class initialized once (initializer or one constructor assignment) and otherwise only used to
/// <c>Predict</c> or <c>Dispose</c>, and its model is loaded from a model registry with a registry, name and version
/// that can be read again where the engine is created (constants, static members, readonly fields in a constructor).
/// <c>ReadDriftBaseline</c> throws when the version was registered without a baseline, so the fix is offered only when
/// the solution shows the model registered with one (<see cref="BaselineRegistrations"/>): the name is a constant or a
/// static readonly field, some <c>Register</c>/<c>RegisterAsync</c> of the solution registers that name, and every one
/// that does passes a registration to which <c>AddDriftBaseline</c> was applied. No fix otherwise: a baseline has to
/// come from the user.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictionsNotMonitoredCodeFix)), Shared]
public sealed class PredictionsNotMonitoredCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS503.WrapWithDriftMonitoring";

    private const string MonitoringNamespace = "MlopsAnalyzers.Abstractions.Monitoring";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PredictionsNotMonitored);

    /// <summary>Several Predict calls share one field: the edits are collected per field and applied once.</summary>
    public override FixAllProvider GetFixAllProvider() => DocumentBatch(async (target, diagnostics) =>
    {
        var plans = new Dictionary<VariableDeclaratorSyntax, Plan>();
        var registrations = new BaselineRegistrations(target.Document.Project.Solution);
        foreach (var diagnostic in diagnostics)
        {
            if (GetPlan(target.Root, target.SemanticModel, diagnostic.Location.SourceSpan, target.CancellationToken) is { } plan
                && await registrations.AllWithBaselineAsync(plan.ModelName, target.CancellationToken).ConfigureAwait(false))
            {
                plans[plan.Field] = plan;
            }
        }

        return plans.Count == 0 ? target.Document : await ApplyAsync(target.Document, plans.Values, target.CancellationToken).ConfigureAwait(false);
    });

    private protected override async Task RegisterFixesAsync(CodeFixContext context, FixTarget target)
    {
        if (GetPlan(target.Root, target.SemanticModel, context.Span, context.CancellationToken) is not { } plan
            || !await new BaselineRegistrations(context.Document.Project.Solution).AllWithBaselineAsync(plan.ModelName, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        Register(context, $"Monitor '{plan.Field.Identifier.ValueText}' for drift against the registered baseline", ct => ApplyAsync(context.Document, new[] { plan }, ct), EquivalenceKey);
    }

    private sealed class Plan
    {
        public Plan(VariableDeclaratorSyntax field, TypeSyntax fieldType, InvocationExpressionSyntax create, string baseline, string modelName, bool needsUsing)
        {
            Field = field;
            FieldType = fieldType;
            Create = create;
            Baseline = baseline;
            ModelName = modelName;
            NeedsUsing = needsUsing;
        }

        public VariableDeclaratorSyntax Field { get; }

        public TypeSyntax FieldType { get; }

        public InvocationExpressionSyntax Create { get; }

        /// <summary>The expression that reads the baseline, e.g. <c>ModelRegistry.Default.ReadDriftBaseline("churn", "3")</c>.</summary>
        public string Baseline { get; }

        /// <summary>The name the model is loaded under, as <see cref="BaselineRegistrations.NameKey"/> gives it.</summary>
        public string ModelName { get; }

        public bool NeedsUsing { get; }
    }

    private static Plan? GetPlan(SyntaxNode root, SemanticModel semanticModel, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var compilation = semanticModel.Compilation;
        if (MlNetSymbols.Get(compilation) is not { Serving.MonitoredPredictionEngine: not null } symbols
            || compilation.GetTypeByMetadataName("MlopsAnalyzers.Abstractions.IModelRegistry") is not { } registryType
            || root.FindNode(span, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } predictSyntax
            || semanticModel.GetOperation(predictSyntax, cancellationToken) is not IInvocationOperation { Instance: { } instance } predict
            || !symbols.IsEnginePredict(predict.TargetMethod)
            || instance.WalkDownConversion() is not IFieldReferenceOperation { Field: { DeclaredAccessibility: Accessibility.Private } field }
            || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || declarator.SyntaxTree != root.SyntaxTree
            || declarator.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } type
            || GetOnlyCreation(semanticModel, type, declarator, field, symbols, cancellationToken) is not { } create
            || GetBaseline(semanticModel, type, create, registryType, out var modelName, cancellationToken) is not { } baseline
            || modelName is null)
        {
            return null;
        }

        var needsUsing = new TypeNames(semanticModel, declarator.SpanStart).Get(MonitoringNamespace, "MonitoredPredictionEngine") != "MonitoredPredictionEngine";
        return new Plan(declarator, declaration.Type, (InvocationExpressionSyntax)create.Syntax, baseline, modelName, needsUsing);
    }

    /// <summary>
    /// The one <c>CreatePredictionEngine</c> call that initializes the field (its initializer, or one assignment in a
    /// constructor), when every other use of the field is a call of <c>Predict</c> or <c>Dispose</c>; else null.
    /// </summary>
    private static IInvocationOperation? GetOnlyCreation(SemanticModel semanticModel, ClassDeclarationSyntax type, VariableDeclaratorSyntax declarator, IFieldSymbol field, MlNetSymbols symbols, CancellationToken cancellationToken)
    {
        var values = new List<ExpressionSyntax>();
        if (declarator.Initializer is { } initializer)
        {
            values.Add(initializer.Value);
        }

        foreach (var name in type.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != field.Name
                || !SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, field))
            {
                continue;
            }

            var reference = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == name ? self : (ExpressionSyntax)name;
            switch (reference.Parent)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Predict" or "Dispose", Parent: InvocationExpressionSyntax } access when access.Expression == reference:
                    break;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                    when assignment.Left == reference && assignment.Parent is ExpressionStatementSyntax
                         && assignment.FirstAncestorOrSelf<MemberDeclarationSyntax>() is ConstructorDeclarationSyntax:
                    values.Add(assignment.Right);
                    break;
                case ArrowExpressionClauseSyntax when reference.Parent.Parent is ConstructorDeclarationSyntax:
                    return null;
                default:
                    if (reference.Parent is AssignmentExpressionSyntax { Parent: ArrowExpressionClauseSyntax { Parent: ConstructorDeclarationSyntax } } arrowAssignment
                        && arrowAssignment.Left == reference
                        && arrowAssignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                    {
                        values.Add(arrowAssignment.Right);
                        break;
                    }

                    return null;
            }
        }

        return values.Count == 1
               && semanticModel.GetOperation(values[0], cancellationToken)?.WalkDownConversion() is IInvocationOperation create
               && symbols.IsCreatePredictionEngine(create.TargetMethod)
            ? create
            : null;
    }

    /// <summary>
    /// The expression that reads the drift baseline of the registered version the engine's model is loaded from, or null;
    /// <paramref name="modelName"/> is the name it is loaded under (<see cref="BaselineRegistrations.NameKey"/>), or null
    /// when that name is neither a constant nor a static readonly field.
    /// </summary>
    private static string? GetBaseline(SemanticModel semanticModel, ClassDeclarationSyntax type, IInvocationOperation create, INamedTypeSymbol registryType, out string? modelName, CancellationToken cancellationToken)
    {
        modelName = null;
        if (create.GetArgument("transformer") is not { } modelArgument)
        {
            return null;
        }

        var inConstructor = create.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>() is ConstructorDeclarationSyntax;
        var model = modelArgument.Value.WalkDownConversion();
        if (model is ILocalReferenceOperation local)
        {
            model = DataFlow.GetSingleAssignedValue(model.GetRoot(), local.Local)?.WalkDownConversion();
        }
        else if (model is IFieldReferenceOperation { Field: { IsReadOnly: true } modelField })
        {
            model = FieldValue(semanticModel, type, modelField, cancellationToken);
        }

        if (model is not IInvocationOperation { TargetMethod.Name: "Load" } load
            || !IsRegistryLoad(load.TargetMethod, registryType)
            || load.GetReceiver() is not { } registry
            || load.GetArgument("name") is not { } name
            || !CanReadAgain(registry, inConstructor)
            || !CanReadAgain(name.Value, inConstructor))
        {
            return null;
        }

        string version;
        if (load.GetArgument("versionOrAlias") is { } versionArgument)
        {
            if (!CanReadAgain(versionArgument.Value, inConstructor))
            {
                return null;
            }

            version = versionArgument.Value.Syntax.ToString();
        }
        else
        {
            version = new TypeNames(semanticModel, create.Syntax.SpanStart).Get("MlopsAnalyzers.Abstractions", "ModelAliases") + ".Latest";
        }

        modelName = BaselineRegistrations.NameKey(name.Value);

        return $"{registry.Syntax}.ReadDriftBaseline({name.Value.Syntax}, {version})";
    }

    private static bool IsRegistryLoad(IMethodSymbol method, INamedTypeSymbol registryType)
        => method.ContainingType?.Name is "IModelRegistry" or "ModelRegistryExtensions" or "FileModelRegistry"
           && method.ContainingNamespace?.ToDisplayString() == "MlopsAnalyzers.Abstractions"
           && (method.IsExtensionMethod ? method.Parameters.Length > 0 : method.ContainingType.AllInterfaces.Contains(registryType) || SymbolEqualityComparer.Default.Equals(method.ContainingType, registryType));

    /// <summary>The value of a readonly field: its initializer, or its only assignment in a constructor.</summary>
    private static IOperation? FieldValue(SemanticModel semanticModel, ClassDeclarationSyntax type, IFieldSymbol field, CancellationToken cancellationToken)
    {
        if (field.DeclaringSyntaxReferences.Length == 1
            && field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer }
            && initializer.SyntaxTree == semanticModel.SyntaxTree)
        {
            return semanticModel.GetOperation(initializer.Value, cancellationToken)?.WalkDownConversion();
        }

        IOperation? value = null;
        foreach (var assignment in type.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, field))
            {
                if (value is not null)
                {
                    return null;
                }

                value = semanticModel.GetOperation(assignment.Right, cancellationToken)?.WalkDownConversion();
            }
        }

        return value;
    }

    /// <summary>True for a value that is the same when read again where the engine is created.</summary>
    private static bool CanReadAgain(IOperation value, bool inConstructor)
    {
        value = value.WalkDownConversion();
        return value.ConstantValue.HasValue
               || value is IFieldReferenceOperation { Field.IsStatic: true, Field.IsReadOnly: true }
               || value is IPropertyReferenceOperation { Property.IsStatic: true, Property.Parameters.IsEmpty: true }
               || (inConstructor && value is IFieldReferenceOperation { Field.IsReadOnly: true, Instance: IInstanceReferenceOperation or null });
    }

    private static async Task<Document> ApplyAsync(Document document, IEnumerable<Plan> plans, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var needsUsing = false;
        foreach (var plan in plans)
        {
            needsUsing |= plan.NeedsUsing;
            if (plan.FieldType is GenericNameSyntax generic)
            {
                editor.ReplaceNode(plan.FieldType, generic.WithIdentifier(SyntaxFactory.Identifier("MonitoredPredictionEngine")).WithTriviaFrom(generic));
            }
            else if (plan.FieldType is QualifiedNameSyntax { Right: GenericNameSyntax right } qualified)
            {
                editor.ReplaceNode(
                    plan.FieldType,
                    right.WithIdentifier(SyntaxFactory.Identifier("MonitoredPredictionEngine")).WithTriviaFrom(qualified));
            }

            var wrapped = SyntaxFactory.ParseExpression($"{plan.Create.WithoutTrivia().ToFullString()}.WithDriftMonitoring({plan.Baseline})");
            editor.ReplaceNode(plan.Create, wrapped.WithTriviaFrom(plan.Create));
        }

        if (needsUsing && editor.OriginalRoot is CompilationUnitSyntax unit)
        {
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(MonitoringNamespace))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            var newLine = SyntaxFactory.EndOfLine(Layout.EndOfLine(unit));
            if (unit.Usings.Count > 0)
            {
                var last = unit.Usings[unit.Usings.Count - 1];
                editor.InsertAfter(last, directive.WithTrailingTrivia(last.GetTrailingTrivia()));
            }
            else
            {
                editor.ReplaceNode(unit, (current, _) => ((CompilationUnitSyntax)current).AddUsings(directive.WithTrailingTrivia(newLine, newLine)));
            }
        }

        return editor.GetChangedDocument();
    }
}
