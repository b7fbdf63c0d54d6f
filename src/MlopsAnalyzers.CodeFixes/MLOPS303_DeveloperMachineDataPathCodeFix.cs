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
using Microsoft.CodeAnalysis.Operations;
using MlopsAnalyzers.Reproducibility;

namespace MlopsAnalyzers.CodeFixes;

/// <summary>
/// MLOPS303: replaces the developer-machine path literal with
/// <c>Path.Combine(Environment.GetEnvironmentVariable("MLOPS_DATA_ROOT") ?? throw ..., "relative", "part")</c>: the
/// data root comes from the environment (the variable name is <c>mlops.MLOPS303.data_root_variable</c>), the relative
/// part stays in code. Offered when the path is one string literal that is the whole path (the argument, a local's
/// value, the root of a Path.Combine), not the head of a concatenation. A <c>const</c> local holding the path becomes a
/// plain local, a private <c>const</c> field a private static property (read each time, so a missing variable throws
/// where the data is loaded, as with a literal); no fix when the constant is read where only a constant may stand
/// (attribute argument, case label, pattern, default value, another constant), or for a non-private constant.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeveloperMachineDataPathCodeFix)), Shared]
public sealed class DeveloperMachineDataPathCodeFix : MlopsCodeFix
{
    public const string EquivalenceKey = "MLOPS303.ResolveAgainstDataRoot";

    /// <summary>The environment variable the fixed code reads, unless <c>mlops.MLOPS303.data_root_variable</c> names another.</summary>
    public const string DefaultDataRootVariable = "MLOPS_DATA_ROOT";

    public const string DataRootVariableOption = "data_root_variable";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DeveloperMachineDataPath);

    private protected override void RegisterFixes(CodeFixContext context, FixTarget target)
    {
        if (target.Enclosing<ExpressionSyntax>(context.Span) is not { } argumentSyntax)
        {
            return;
        }

        // The reported argument: find the loading call it belongs to and trace the path again.
        var call = argumentSyntax.Ancestors().FirstOrDefault(a => a is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax);
        if (call is null || target.Operation<IOperation>(call) is not { } operation)
        {
            return;
        }

        var source = DeveloperMachineDataPathRule.FindDeveloperPaths(operation)
            .Where(p => p.Argument.Syntax.Span == context.Span)
            .Select(p => p.Source)
            .FirstOrDefault();
        if (source is null || !source.IsWholePath)
        {
            return;
        }

        // A constant: its declaration stops being one (a local, or a private static property read each time), unless
        // something needs the constant (an attribute argument, a case label, a default value, another constant).
        MemberDeclarationSyntax? constantField = null;
        LocalDeclarationStatementSyntax? constantLocal = null;
        LiteralExpressionSyntax? literal;
        switch (source.Operation)
        {
            case ILiteralOperation { Syntax: LiteralExpressionSyntax written } when !IsConstantContext(written):
                literal = written;
                break;
            case ILocalReferenceOperation { Local.IsConst: true } local
                when ConstantDeclaration(local.Local, target) is { Parent.Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax block } statement, Initializer.Value: LiteralExpressionSyntax value } declarator
                     && !ReadAsConstant(target.SemanticModel, local.Local, block, context.CancellationToken):
                constantLocal = statement;
                literal = value;
                break;
            case IFieldReferenceOperation { Field: { IsConst: true, DeclaredAccessibility: Accessibility.Private, ContainingType.DeclaringSyntaxReferences.Length: 1 } field }
                when ConstantDeclaration(field, target) is { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax { AttributeLists.Count: 0 } declaration }, Initializer.Value: LiteralExpressionSyntax value }
                     && declaration.Parent is TypeDeclarationSyntax type
                     && !ReadAsConstant(target.SemanticModel, field, type, context.CancellationToken):
                constantField = declaration;
                literal = value;
                break;
            default:
                return;
        }

        var variable = FixOptions.GetString(context.Document, target.Root.SyntaxTree, RuleIdentifiers.DeveloperMachineDataPath, DataRootVariableOption);
        if (string.IsNullOrEmpty(variable))
        {
            variable = DefaultDataRootVariable;
        }

        var names = new TypeNames(target.SemanticModel, literal.SpanStart);
        var replacement = DataRootExpression(names, variable!, DeveloperPaths.Segments(source.RelativePart));
        var title = $"Resolve the path against the data root in '{variable}'";
        if (constantLocal is not null)
        {
            var local = constantLocal.ReplaceNode(literal, replacement.WithTriviaFrom(literal));
            local = local.WithModifiers(SyntaxFactory.TokenList(local.Modifiers.Where(m => !m.IsKind(SyntaxKind.ConstKeyword))))
                .WithLeadingTrivia(constantLocal.GetLeadingTrivia());
            Register(context, title, ct => ReplaceAsync(context.Document, constantLocal, local, ct), EquivalenceKey);
        }
        else if (constantField is FieldDeclarationSyntax field)
        {
            var declarator = field.Declaration.Variables[0];
            var modifiers = field.Modifiers.Select(m => m.IsKind(SyntaxKind.ConstKeyword) ? SyntaxFactory.Token(m.LeadingTrivia, SyntaxKind.StaticKeyword, m.TrailingTrivia) : m);
            var property = SyntaxFactory.PropertyDeclaration(
                    field.AttributeLists,
                    SyntaxFactory.TokenList(modifiers),
                    field.Declaration.Type,
                    null,
                    declarator.Identifier,
                    null,
                    SyntaxFactory.ArrowExpressionClause(
                        SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithLeadingTrivia(declarator.Initializer!.EqualsToken.LeadingTrivia).WithTrailingTrivia(declarator.Initializer.EqualsToken.TrailingTrivia),
                        replacement.WithTriviaFrom(literal)),
                    null,
                    field.SemicolonToken)
                .WithTriviaFrom(field);
            Register(context, title, ct => ReplaceAsync(context.Document, field, property, ct), EquivalenceKey);
        }
        else
        {
            Register(context, title, ct => ReplaceAsync(context.Document, literal, replacement.WithTriviaFrom(literal), ct), EquivalenceKey);
        }
    }

    /// <summary>The declarator of a constant declared once, in the document being fixed.</summary>
    private static VariableDeclaratorSyntax? ConstantDeclaration(ISymbol constant, FixTarget target)
        => constant.DeclaringSyntaxReferences is { Length: 1 } references
           && references[0].SyntaxTree == target.Root.SyntaxTree
           && references[0].GetSyntax() is VariableDeclaratorSyntax declarator
            ? declarator
            : null;

    /// <summary>True when <paramref name="scope"/> reads <paramref name="constant"/> where only a constant may stand.</summary>
    private static bool ReadAsConstant(SemanticModel semanticModel, ISymbol constant, SyntaxNode scope, CancellationToken cancellationToken)
        => scope.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name =>
            name.Identifier.ValueText == constant.Name
            && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, constant)
            && name.Ancestors().TakeWhile(a => a is not (StatementSyntax or MemberDeclarationSyntax) || a is LocalDeclarationStatementSyntax or FieldDeclarationSyntax).Any(a =>
                a is AttributeArgumentSyntax or CaseSwitchLabelSyntax or ConstantPatternSyntax or RelationalPatternSyntax
                || a is EqualsValueClauseSyntax { Parent: ParameterSyntax }
                || a is LocalDeclarationStatementSyntax { IsConst: true }
                || a is FieldDeclarationSyntax fieldDeclaration && fieldDeclaration.Modifiers.Any(SyntaxKind.ConstKeyword)));

    /// <summary>A literal that initializes a const local must stay constant: no fix there.</summary>
    private static bool IsConstantContext(LiteralExpressionSyntax literal)
        => literal.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } }
           && declaration.IsConst;

    private static ExpressionSyntax DataRootExpression(TypeNames names, string variable, string[] segments)
    {
        var message = $"Set the {variable} environment variable to the folder that holds the data.";
        var environment = names.Get("System", "Environment");
        var exception = names.Get("System", "InvalidOperationException");
        var root = $"{environment}.GetEnvironmentVariable({Literal(variable)}) ?? throw new {exception}({Literal(message)})";
        return SyntaxFactory.ParseExpression(segments.Length == 0
            ? root
            : $"{names.Get("System.IO", "Path")}.Combine({root}, {string.Join(", ", segments.Select(Literal))})");
    }

    private static string Literal(string text) => SyntaxFactory.Literal(text).ToString();

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
