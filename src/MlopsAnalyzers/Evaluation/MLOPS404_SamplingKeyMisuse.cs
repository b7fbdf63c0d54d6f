using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MlopsAnalyzers.Evaluation;

/// <summary>
/// MLOPS404, on <c>TrainTestSplit</c>, <c>CrossValidationSplit</c> and the catalogs' <c>CrossValidate</c>:
/// <list type="bullet">
/// <item>a constant <c>samplingKeyColumnName</c> equal to the label column: the <c>labelColumnName</c> of the same
/// <c>CrossValidate</c>, or of a trainer created in the same method (its default <c>Label</c> included), or, with no
/// trainer in the method, the label column of the row class the split's data is loaded from;</item>
/// <item>in a method that creates ranking trainers (and no trainer of another task), all with the same constant group
/// id column, a data split whose sampling key is missing or another constant.</item>
/// </list>
/// A key that is not a constant is not flagged.
/// </summary>
internal static class SamplingKeyMisuseRule
{
    public static readonly DiagnosticDescriptor Descriptor = Descriptors.Create(
        RuleIdentifiers.SamplingKeyMisuse,
        RuleCategories.Evaluation,
        RuleLevel.BuildWarning,
        title: "Sampling key column misused in a data split",
        messageFormat: "The sampling key of '{0}' {1}",
        description: "samplingKeyColumnName keeps the rows that share a key value on the same side of a split. With the label column as key, whole classes (or label values) go to one side, so the model is tested on labels it never saw. Ranking data must be split by its group id column instead, or the documents of one query end up in both train and test.");

    private const string SamplingKeyParameter = "samplingKeyColumnName";

    /// <summary>True when the compilation has the ML.NET types the rule needs.</summary>
    public static bool Applies(MlNetSymbols symbols) => symbols.DataOperationsCatalog is not null;

    public static void AnalyzeInvocation(in OperationAnalysisContext context, MlNetSymbols symbols)
    {
        var split = (IInvocationOperation)context.Operation;
        if (GetMisuse(split, symbols) is { } misuse)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                misuse.Location.GetLocation(),
                split.TargetMethod.Name,
                misuse.Explanation));
        }
    }

    /// <summary>A misused sampling key: where to report it, why, and the group id column to use when there is one.</summary>
    internal sealed class Misuse
    {
        public Misuse(SyntaxNode location, string explanation, string? groupColumn, IArgumentOperation keyArgument)
        {
            Location = location;
            Explanation = explanation;
            GroupColumn = groupColumn;
            KeyArgument = keyArgument;
        }

        public SyntaxNode Location { get; }

        public string Explanation { get; }

        /// <summary>The ranking trainers' group id column, which the split should use as its key; null for a label key outside ranking code.</summary>
        public string? GroupColumn { get; }

        /// <summary>The <c>samplingKeyColumnName</c> argument (omitted or explicit).</summary>
        public IArgumentOperation KeyArgument { get; }
    }

    internal static Misuse? GetMisuse(IInvocationOperation split, MlNetSymbols symbols)
    {
        var method = split.TargetMethod;
        var isDataSplit = method.Name is "TrainTestSplit" or "CrossValidationSplit"
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.DataOperationsCatalog);
        if ((!isDataSplit && !symbols.IsCrossValidate(method))
            || split.GetArgument(SamplingKeyParameter) is not { } keyArgument)
        {
            return null;
        }

        string? key = null;
        if (!keyArgument.IsOmittedOrNull())
        {
            if (keyArgument.Value.ConstantValue is not { HasValue: true, Value: string constant })
            {
                return null;
            }

            key = constant;
        }

        var location = keyArgument.ArgumentKind == ArgumentKind.Explicit
            ? keyArgument.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() ?? keyArgument.Syntax
            : split.Syntax;
        var trainers = Trainers.Collect(split.GetRoot(), symbols);
        if (isDataSplit && trainers.RankingGroupColumn is { } group && key != group)
        {
            var found = key is null ? "is missing" : $"is '{key}'";
            return new Misuse(location, $"{found}, not the group id column '{group}' of the ranking trainer: the documents of one query land in both train and test; use samplingKeyColumnName: \"{group}\"", group, keyArgument);
        }

        if (key is not null
            && (trainers.LabelColumns.Contains(key)
                || TrainerColumns.GetColumn(split, TrainerColumns.LabelParameter, TrainerColumns.LabelOption, "Label") == key
                || (trainers.LabelColumns.Count == 0 && IsLabelOfRowType(split, key))))
        {
            return new Misuse(location, $"is the label column '{key}': rows with the same label stay together, so whole label values land on one side of the split and are never tested (or never learned)", null, keyArgument);
        }

        return null;
    }

    /// <summary>
    /// With no trainer in sight: true when the split's data is loaded in the method from a row class
    /// (<c>LoadFromTextFile&lt;T&gt;</c>, <c>LoadFromEnumerable&lt;T&gt;</c>, through locals and <c>Transform</c>) whose
    /// label column is <paramref name="key"/>: the member mapped to <c>Label</c>, by its name or by
    /// <c>[ColumnName("Label")]</c> (the key may name the column or the member).
    /// </summary>
    private static bool IsLabelOfRowType(IInvocationOperation split, string key)
    {
        if (split.GetArgument("data") is not { } data)
        {
            return false;
        }

        var value = DataFlow.ResolveValue(data.Value);
        for (var depth = 0; depth < 8 && value is IInvocationOperation call; depth++)
        {
            var method = call.TargetMethod;
            if (!method.IsFromMlNet())
            {
                return false;
            }

            if (method.Name is "LoadFromTextFile" or "LoadFromEnumerable" && method.TypeArguments.Length == 1)
            {
                return IsLabelMember(method.TypeArguments[0], key);
            }

            if (method.Name != "Transform" || call.Arguments.Length != 1)
            {
                return false;
            }

            value = DataFlow.ResolveValue(call.Arguments[0].Value);
        }

        return false;
    }

    private static bool IsLabelMember(ITypeSymbol rowType, string key)
    {
        for (var type = rowType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is not (IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } or IPropertySymbol { IsStatic: false }))
                {
                    continue;
                }

                var column = member.Name;
                foreach (var attribute in member.GetAttributes())
                {
                    if (attribute.AttributeClass is { Name: "ColumnNameAttribute" } attributeClass
                        && attributeClass.IsFromMlNet()
                        && attribute.ConstructorArguments.Length == 1
                        && attribute.ConstructorArguments[0].Value is string name)
                    {
                        column = name;
                    }
                }

                if (column == "Label" && (key == column || key == member.Name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The trainers created in a method: their label columns, and the group id column when they are all ranking trainers that agree on it.</summary>
    private sealed class Trainers
    {
        private Trainers(HashSet<string> labelColumns, string? rankingGroupColumn)
        {
            LabelColumns = labelColumns;
            RankingGroupColumn = rankingGroupColumn;
        }

        public HashSet<string> LabelColumns { get; }

        public string? RankingGroupColumn { get; }

        public static Trainers Collect(IOperation root, MlNetSymbols symbols)
        {
            var labels = new HashSet<string>(System.StringComparer.Ordinal);
            string? group = null;
            var ranking = 0;
            var other = 0;
            var groupsAgree = true;
            foreach (var operation in root.GetDescendants())
            {
                if (operation is not IInvocationOperation trainer || !TrainerColumns.IsTrainerCreation(trainer, symbols))
                {
                    continue;
                }

                if (TrainerColumns.GetColumn(trainer, TrainerColumns.LabelParameter, TrainerColumns.LabelOption, "Label") is { } label)
                {
                    labels.Add(label);
                }

                if (!TrainerColumns.IsRankingTrainerCreation(trainer, symbols))
                {
                    other++;
                    continue;
                }

                ranking++;
                var column = TrainerColumns.GetColumn(trainer, TrainerColumns.GroupParameter, TrainerColumns.GroupOption, "GroupId");
                groupsAgree &= column is not null && (group is null || group == column);
                group ??= column;
            }

            return new Trainers(labels, ranking > 0 && other == 0 && groupsAgree ? group : null);
        }
    }
}
