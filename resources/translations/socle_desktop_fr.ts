<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="fr_FR">
<context>
    <name>CampaignImportDialog</name>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="43" />
        <source>Importer une campagne</source>
        <translation>Importer une campagne</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="46" />
        <source>Vérification du fichier %1…</source>
        <translation>Vérification du fichier %1…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="52" />
        <source>Empreinte SHA-256 publiée par l'académie</source>
        <translation>Empreinte SHA-256 publiée par l'académie</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="53" />
        <source>Empreinte publiée par l'académie</source>
        <translation>Empreinte publiée par l'académie</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="57" />
        <source>J'ai comparé : l'empreinte affichée est identique à celle publiée par l'académie</source>
        <translation>J'ai comparé : l'empreinte affichée est identique à celle publiée par l'académie</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="65" />
        <source>&amp;Importer</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="97" />
        <source>Signataire du fichier : %1</source>
        <translation>Signataire du fichier : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="98" />
        <source>Empreinte de son certificat : %1</source>
        <translation>Empreinte de son certificat : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="100" />
        <source>Comparez cette empreinte avec celle que l'académie a publiée (site officiel, courrier) : tapez-la ci-dessous, ou cochez la case si elle est identique.</source>
        <translation>Comparez cette empreinte avec celle que l'académie a publiée (site officiel, courrier) : tapez-la ci-dessous, ou cochez la case si elle est identique.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="109" />
        <source>Ce fichier ne peut pas être importé.</source>
        <translation>Ce fichier ne peut pas être importé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="122" />
        <source>Une empreinte compte 64 caractères hexadécimaux.</source>
        <translation>Une empreinte compte 64 caractères hexadécimaux.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/campaign.py" line="124" />
        <source>Cette empreinte n'est pas celle du signataire de ce fichier : ne l'importez pas, et signalez-le à l'académie.</source>
        <translation>Cette empreinte n'est pas celle du signataire de ce fichier : ne l'importez pas, et signalez-le à l'académie.</translation>
    </message>
</context>
<context>
    <name>CollectivitePage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="29" />
        <source>Collectivité</source>
        <translation>Collectivité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="30" />
        <source>La commune ou le groupement qui dépose le dossier et le signe.</source>
        <translation>La commune ou le groupement qui dépose le dossier et le signe.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="42" />
        <source>Identité</source>
        <translation>Identité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="43" />
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="44" />
        <source>Raison sociale</source>
        <translation>Raison sociale</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="45" />
        <source>SIRET (14 chiffres)</source>
        <translation>SIRET (14 chiffres)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="46" />
        <source>Code INSEE</source>
        <translation>Code INSEE</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="47" />
        <source>Adresse</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="48" />
        <source>Code postal</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="49" />
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="51" />
        <source>Représentant légal (signataire)</source>
        <translation>Représentant légal (signataire)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="52" />
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="56" />
        <source>Nom</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="52" />
        <source>Nom du représentant légal</source>
        <translation>Nom du représentant légal</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="53" />
        <source>Qualité (ex. : Maire)</source>
        <translation>Qualité (ex. : Maire)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="55" />
        <source>Personne à contacter</source>
        <translation>Personne à contacter</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="56" />
        <source>Nom de la personne à contacter</source>
        <translation>Nom de la personne à contacter</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="57" />
        <source>Courriel</source>
        <translation>Courriel</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="58" />
        <source>Téléphone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="170" />
        <source>académie de %1</source>
        <translation>académie de %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="172" />
        <source>SIREN %1</source>
        <translation>SIREN %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="179" />
        <source>%n commune membre</source>
        <translation>%n commune membre</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="179" />
        <source>%n communes membres</source>
        <translation>%n communes membres</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/collectivite.py" line="183" />
        <source>SIREN de la commune %1 (%2)</source>
        <translation>SIREN de la commune %1 (%2)</translation>
    </message>
</context>
<context>
    <name>ControlesPage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="28" />
        <source>Contrôles</source>
        <translation>Contrôles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="29" />
        <source>Ce que l'application a relevé dans le dossier. Double-cliquez sur un constat (ou appuyez sur Entrée) pour aller au champ concerné. Un dossier avec des erreurs peut être enregistré, imprimé et exporté comme brouillon, mais pas déposé.</source>
        <translation>Ce que l'application a relevé dans le dossier. Double-cliquez sur un constat (ou appuyez sur Entrée) pour aller au champ concerné. Un dossier avec des erreurs peut être enregistré, imprimé et exporté comme brouillon, mais pas déposé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="34" />
        <source>Liste de contrôle</source>
        <translation>Liste de contrôle</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="34" />
        <source>Page</source>
        <translation>Page</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="36" />
        <source>Liste de contrôle du dossier</source>
        <translation>Liste de contrôle du dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="47" />
        <source>Gravité</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="47" />
        <source>Constat</source>
        <translation>Constat</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="47" />
        <source>Emplacement</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="53" />
        <source>Liste des constats</source>
        <translation>Liste des constats</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="70" />
        <source>Aucun constat : le dossier est prêt à être signé.</source>
        <translation>Aucun constat : le dossier est prêt à être signé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="74" />
        <source>%n erreur</source>
        <translation>%n erreur</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="74" />
        <source>%n erreurs</source>
        <translation>%n erreurs</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="75" />
        <source>%n avertissement</source>
        <translation>%n avertissement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="75" />
        <source>%n avertissements</source>
        <translation>%n avertissements</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="76" />
        <source>%n information</source>
        <translation>%n information</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/controles.py" line="76" />
        <source>%n informations</source>
        <translation>%n informations</translation>
    </message>
</context>
<context>
    <name>DepartementChart</name>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="80" />
        <source>Graphique : écoles retenues sur écoles proposées, par département</source>
        <translation>Graphique : écoles retenues sur écoles proposées, par département</translation>
    </message>
</context>
<context>
    <name>DossierSession</name>
    <message>
        <location filename="../../socle_desktop/gui/session.py" line="131" />
        <source>la suppression d'une école</source>
        <translation>la suppression d'une école</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/session.py" line="132" />
        <source>la suppression de %n école(s)</source>
        <translation><numerusform>la suppression de %n école</numerusform><numerusform>la suppression de %n écoles</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/session.py" line="160" />
        <source>la suppression d'une ligne</source>
        <translation>la suppression d'une ligne</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/session.py" line="161" />
        <source>la suppression de %n ligne(s)</source>
        <translation><numerusform>la suppression de %n ligne</numerusform><numerusform>la suppression de %n lignes</numerusform></translation>
    </message>
</context>
<context>
    <name>EcolesPage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="23" />
        <source>Écoles</source>
        <translation>Écoles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="24" />
        <source>Les écoles élémentaires et primaires du projet. Double-cliquez ou tapez dans une cellule pour la modifier ; le code UAI figure sur les courriers de l'académie.</source>
        <translation>Les écoles élémentaires et primaires du projet. Double-cliquez ou tapez dans une cellule pour la modifier ; le code UAI figure sur les courriers de l'académie.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="27" />
        <source>&amp;Ajouter une école</source>
        <translation>&amp;Ajouter une école</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="28" />
        <source>&amp;Supprimer la sélection</source>
        <translation>&amp;Supprimer la sélection</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="37" />
        <source>Tableau des écoles</source>
        <translation>Tableau des écoles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="56" />
        <source>Équipement des écoles à revoir</source>
        <translation>Équipement des écoles à revoir</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="88" />
        <source>Sélectionnez d'abord l'école à supprimer.</source>
        <translation>Sélectionnez d'abord l'école à supprimer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="95" />
        <source>%n ligne(s) de dépense sont rattachées à ces écoles ; elles seront supprimées avec elles.</source>
        <translation><numerusform>%n ligne de dépense sont rattachées à ces écoles ; elles seront supprimées avec elles.</numerusform><numerusform>%n lignes de dépense sont rattachées à ces écoles ; elles seront supprimées avec elles.</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="97" />
        <source>Vous pourrez tout rétablir avec Annuler (Ctrl+Z).</source>
        <translation>Vous pourrez tout rétablir avec Annuler (Ctrl+Z).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="98" />
        <source>Supprimer des écoles</source>
        <translation>Supprimer des écoles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="93" />
        <source>Supprimer %1 ?</source>
        <translation>Supprimer %1 ?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="101" />
        <source>Supprimé : %1, avec %n ligne(s). Ctrl+Z pour rétablir.</source>
        <translation><numerusform>Supprimé : %1, avec %n ligne. Ctrl+Z pour rétablir.</numerusform><numerusform>Supprimé : %1, avec %n lignes. Ctrl+Z pour rétablir.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/pages/ecoles.py" line="109" />
        <source>et %n autre(s) école(s)</source>
        <translation><numerusform>et %n autre école</numerusform><numerusform>et %n autres écoles</numerusform></translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="24" />
        <source>Collectivité</source>
        <translation>Collectivité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="25" />
        <source>Écoles</source>
        <translation>Écoles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="26" />
        <source>Équipement</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="27" />
        <source>Ressources</source>
        <translation>Ressources</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="28" />
        <source>Accompagnement</source>
        <translation>Accompagnement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="29" />
        <source>Projet</source>
        <translation>Projet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="30" />
        <source>Pièces jointes</source>
        <translation>Pièces jointes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="31" />
        <source>Synthèse</source>
        <translation>Synthèse</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="32" />
        <source>Contrôles</source>
        <translation>Contrôles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="33" />
        <source>Export et signature</source>
        <translation>Export et signature</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="44" />
        <source>Parties du dossier</source>
        <translation>Parties du dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="131" />
        <source>%1, complet</source>
        <translation>%1, complet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/editor.py" line="132" />
        <source>complet</source>
        <translation>complet</translation>
    </message>
</context>
<context>
    <name>EditorPage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/base.py" line="81" />
        <source>À compléter</source>
        <translation>À compléter</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="88" />
        <source>Export et signature</source>
        <translation>Export et signature</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="89" />
        <source>Le PDF signé s'imprime et se classe ; le paquet signé (.zip) est à déposer. Les mots de passe ne sont jamais enregistrés.</source>
        <translation>Le PDF signé s'imprime et se classe ; le paquet signé (.zip) est à déposer. Les mots de passe ne sont jamais enregistrés.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="115" />
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="710" />
        <source>Signataire</source>
        <translation>Signataire</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="124" />
        <source>Certificat de la collectivité (fichier .p12 / .pfx)</source>
        <translation>Certificat de la collectivité (fichier .p12 / .pfx)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="141" />
        <source>Phrase de passe de l'identité locale</source>
        <translation>Phrase de passe de l'identité locale</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="142" />
        <source>&amp;Phrase de passe :</source>
        <translation>&amp;Phrase de passe :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="145" />
        <source>Phrase de passe, une seconde fois</source>
        <translation>Phrase de passe, une seconde fois</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="146" />
        <source>&amp;Confirmation :</source>
        <translation>&amp;Confirmation :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="149" />
        <source>Phrase de passe &amp;oubliée…</source>
        <translation>Phrase de passe &amp;oubliée…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="160" />
        <source>Fichier du certificat</source>
        <translation>Fichier du certificat</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="162" />
        <source>C&amp;hoisir…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="166" />
        <source>&amp;Fichier :</source>
        <translation>&amp;Fichier :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="170" />
        <source>Mot de passe du certificat</source>
        <translation>Mot de passe du certificat</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="172" />
        <source>&amp;Mot de passe :</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="196" />
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="198" />
        <source>&amp;Aperçu du PDF</source>
        <translation>&amp;Aperçu du PDF</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="199" />
        <source>&amp;Imprimer…</source>
        <translation>&amp;Imprimer…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="210" />
        <source>Exporter le PDF signé et le paquet</source>
        <translation>Exporter le PDF signé et le paquet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="216" />
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="473" />
        <source>Dossier de destination</source>
        <translation>Dossier de destination</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="217" />
        <source>Pa&amp;rcourir…</source>
        <translation>Pa&amp;rcourir…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="221" />
        <source>&amp;Destination :</source>
        <translation>&amp;Destination :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="225" />
        <source>&amp;Signer et exporter</source>
        <translation>&amp;Signer et exporter</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="228" />
        <source>Annuler l'export</source>
        <translation>Annuler l'export</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="232" />
        <source>Avancement</source>
        <translation>Avancement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="246" />
        <source>Ouvrir le &amp;dossier de destination</source>
        <translation>Ouvrir le &amp;dossier de destination</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="249" />
        <source>Mettre le paquet dans la &amp;boîte d'envoi</source>
        <translation>Mettre le paquet dans la &amp;boîte d'envoi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="121" />
        <source>Identité qui signera</source>
        <translation>Identité qui signera</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="96" />
        <source>Modifié après signature : le PDF signé et le paquet déjà exportés (et un paquet en attente dans la boîte d'envoi) ne décrivent plus ce dossier. Signez et exportez-le à nouveau ; l'ancien paquet ne partira pas sans confirmation.</source>
        <translation>Modifié après signature : le PDF signé et le paquet déjà exportés (et un paquet en attente dans la boîte d'envoi) ne décrivent plus ce dossier. Signez et exportez-le à nouveau ; l'ancien paquet ne partira pas sans confirmation.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="123" />
        <source>Identité &amp;locale (certificat créé par l'application)</source>
        <translation>Identité &amp;locale (certificat créé par l'application)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="125" />
        <source>Jeton matériel ou carte à puce (PKCS#11)</source>
        <translation>Jeton matériel ou carte à puce (PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="133" />
        <source>Identité locale</source>
        <translation>Identité locale</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="135" />
        <source>&amp;Identité :</source>
        <translation>&amp;Identité :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="175" />
        <source>Module PKCS#11</source>
        <translation>Module PKCS#11</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="176" />
        <source>fichier .so / .dll fourni avec le jeton</source>
        <translation>fichier .so / .dll fourni avec le jeton</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="178" />
        <source>Mod&amp;ule :</source>
        <translation>Mod&amp;ule :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="180" />
        <source>Nom du jeton</source>
        <translation>Nom du jeton</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="182" />
        <source>&amp;Jeton :</source>
        <translation>&amp;Jeton :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="185" />
        <source>Code PIN du jeton</source>
        <translation>Code PIN du jeton</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="187" />
        <source>Code PI&amp;N :</source>
        <translation>Code PI&amp;N :</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="285" />
        <source>Le dossier comporte %n erreur(s) (voir Contrôles) : il sera exporté comme BROUILLON, filigrané, à ne pas déposer.</source>
        <translation><numerusform>Le dossier comporte %n erreur (voir Contrôles) : il sera exporté comme BROUILLON, filigrané, à ne pas déposer.</numerusform><numerusform>Le dossier comporte %n erreurs (voir Contrôles) : il sera exporté comme BROUILLON, filigrané, à ne pas déposer.</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="298" />
        <source>« Aperçu » et « Imprimer » montrent le PDF signé, octet pour octet celui du paquet.</source>
        <translation>« Aperçu » et « Imprimer » montrent le PDF signé, octet pour octet celui du paquet.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="301" />
        <source>Avant la signature, l'aperçu porte « APERÇU — non signé » sur chaque page ; il s'affiche et s'imprime dans l'application.</source>
        <translation>Avant la signature, l'aperçu porte « APERÇU — non signé » sur chaque page ; il s'affiche et s'imprime dans l'application.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="342" />
        <source>Nouvelle identité pour %1, %2</source>
        <translation>Nouvelle identité pour %1, %2</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="363" />
        <source>Saisissez la phrase de passe de cette identité pour signer.</source>
        <translation>Saisissez la phrase de passe de cette identité pour signer.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="372" />
        <source>Attention : %1.</source>
        <translation>Attention : %1.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="407" />
        <source>Signera : nouvelle identité locale pour %1 (%2), %3.</source>
        <translation>Signera : nouvelle identité locale pour %1 (%2), %3.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="411" />
        <source>Signera : %1</source>
        <translation>Signera : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="414" />
        <source>Signera : le titulaire du certificat choisi (vérifié à l'ouverture).</source>
        <translation>Signera : le titulaire du certificat choisi (vérifié à l'ouverture).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="416" />
        <source>Signera : le titulaire du certificat du jeton (vérifié à l'ouverture).</source>
        <translation>Signera : le titulaire du certificat du jeton (vérifié à l'ouverture).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="418" />
        <source>Attention, ne correspond pas au dossier : %1.</source>
        <translation>Attention, ne correspond pas au dossier : %1.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="436" />
        <source>Certificat de la collectivité</source>
        <translation>Certificat de la collectivité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="438" />
        <source>Certificats PKCS#12 (*.p12 *.pfx)</source>
        <translation>Certificats PKCS#12 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="448" />
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="463" />
        <source>Phrase de passe oubliée</source>
        <translation>Phrase de passe oubliée</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="449" />
        <source>La phrase de passe ne peut pas être retrouvée. L'identité actuelle sera mise de côté (pas effacée) : les documents déjà signés restent valables.

Une nouvelle identité sera créée au prochain export, avec une nouvelle empreinte à communiquer au service de l'État qui instruit le dossier.

Continuer ?</source>
        <translation>La phrase de passe ne peut pas être retrouvée. L'identité actuelle sera mise de côté (pas effacée) : les documents déjà signés restent valables.

Une nouvelle identité sera créée au prochain export, avec une nouvelle empreinte à communiquer au service de l'État qui instruit le dossier.

Continuer ?</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="464" />
        <source>L'identité n'a pas pu être mise de côté : %1</source>
        <translation>L'identité n'a pas pu être mise de côté : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="469" />
        <source>Ancienne identité gardée sous %1 ; choisissez une nouvelle phrase de passe.</source>
        <translation>Ancienne identité gardée sous %1 ; choisissez une nouvelle phrase de passe.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="486" />
        <source>Choisissez le fichier du certificat (.p12 ou .pfx).</source>
        <translation>Choisissez le fichier du certificat (.p12 ou .pfx).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="493" />
        <source>Indiquez le module PKCS#11 (fichier fourni avec le jeton) et le nom du jeton.</source>
        <translation>Indiquez le module PKCS#11 (fichier fourni avec le jeton) et le nom du jeton.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="496" />
        <source>Saisissez le code PIN du jeton.</source>
        <translation>Saisissez le code PIN du jeton.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="506" />
        <source>Saisissez la phrase de passe de l'identité locale.</source>
        <translation>Saisissez la phrase de passe de l'identité locale.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="514" />
        <source>Les deux phrases de passe ne sont pas identiques.</source>
        <translation>Les deux phrases de passe ne sont pas identiques.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="544" />
        <source>Ouverture de l'identité de signature…</source>
        <translation>Ouverture de l'identité de signature…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="552" />
        <source>Signature et export…</source>
        <translation>Signature et export…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="556" />
        <source>Signataire différent du dossier</source>
        <translation>Signataire différent du dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="557" />
        <source>L'identité qui signerait :
%1

ne correspond pas au dossier : %2.

Signer quand même ? Le PDF et le paquet indiqueront que le signataire diffère, et la vérification du paquet le signalera comme un échec.</source>
        <translation>L'identité qui signerait :
%1

ne correspond pas au dossier : %2.

Signer quand même ? Le PDF et le paquet indiqueront que le signataire diffère, et la vérification du paquet le signalera comme un échec.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="565" />
        <source>Export abandonné : choisissez l'identité de la collectivité et de son représentant.</source>
        <translation>Export abandonné : choisissez l'identité de la collectivité et de son représentant.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="678" />
        <source>Signataire différent du dossier, confirmé : le PDF et le paquet le disent, et la vérification du paquet, celle du service instructeur comprise, le signalera comme un échec.</source>
        <translation>Signataire différent du dossier, confirmé : le PDF et le paquet le disent, et la vérification du paquet, celle du service instructeur comprise, le signalera comme un échec.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="543" />
        <source>Attention : la sauvegarde avant export a échoué (%1).</source>
        <translation>Attention : la sauvegarde avant export a échoué (%1).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="368" />
        <source>Une identité sera créée au premier export, au nom du représentant et de la collectivité (SIREN du SIRET) : choisissez une phrase de passe (au moins %1 caractères, à retenir).</source>
        <translation>Une identité sera créée au premier export, au nom du représentant et de la collectivité (SIREN du SIRET) : choisissez une phrase de passe (au moins %1 caractères, à retenir).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="510" />
        <source>Choisissez une phrase de passe d'au moins %1 caractères.</source>
        <translation>Choisissez une phrase de passe d'au moins %1 caractères.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="602" />
        <source>Préparation du PDF…</source>
        <translation>Préparation du PDF…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="607" />
        <source>PDF signé affiché.</source>
        <translation>PDF signé affiché.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="607" />
        <source>Aperçu non signé affiché.</source>
        <translation>Aperçu non signé affiché.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="610" />
        <source>PDF signé du dossier</source>
        <translation>PDF signé du dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="610" />
        <source>Aperçu du dossier (non signé)</source>
        <translation>Aperçu du dossier (non signé)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="619" />
        <source>Annulation…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="669" />
        <source>BROUILLON (le dossier comporte des erreurs)</source>
        <translation>BROUILLON (le dossier comporte des erreurs)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="669" />
        <source>signé</source>
        <translation>signé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="670" />
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="695" />
        <source>Export terminé.</source>
        <translation>Export terminé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="672" />
        <source>Dossier %1.
PDF : %2
Paquet : %3
Signé par : %5
Code de vérification : %6
Empreinte SHA-256 du certificat : %4</source>
        <translation>Dossier %1.
PDF : %2
Paquet : %3
Signé par : %5
Code de vérification : %6
Empreinte SHA-256 du certificat : %4</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="692" />
        <source>Export terminé ; l'état du dossier n'a pas été enregistré (%1).</source>
        <translation>Export terminé ; l'état du dossier n'a pas été enregistré (%1).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="698" />
        <source>Export annulé : aucun fichier n'a été laissé à moitié écrit.</source>
        <translation>Export annulé : aucun fichier n'a été laissé à moitié écrit.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="701" />
        <source>Échec.</source>
        <translation>Échec.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="702" />
        <source>Export impossible</source>
        <translation>Export impossible</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/export_page.py" line="703" />
        <source>L'opération n'a pas abouti : %1

Le dossier lui-même n'a pas changé ; corrigez le problème indiqué puis recommencez.</source>
        <translation>L'opération n'a pas abouti : %1

Le dossier lui-même n'a pas changé ; corrigez le problème indiqué puis recommencez.</translation>
    </message>
</context>
<context>
    <name>FinancingChart</name>
    <message>
        <location filename="../../socle_desktop/gui/chart.py" line="24" />
        <source>Graphique : subvention de l'État et reste à charge par volet</source>
        <translation>Graphique : subvention de l'État et reste à charge par volet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/chart.py" line="33" />
        <source>%1 : subvention %2, reste à charge %3</source>
        <translation>%1 : subvention %2, reste à charge %3</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/chart.py" line="67" />
        <source>Subvention de l'État</source>
        <translation>Subvention de l'État</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/chart.py" line="68" />
        <source>Reste à charge de la collectivité</source>
        <translation>Reste à charge de la collectivité</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="78" />
        <source>&lt;h2&gt;Mes dossiers&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Mes dossiers&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="81" />
        <source>Chargement de la bibliothèque…</source>
        <translation>Chargement de la bibliothèque…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="83" />
        <source>État de la bibliothèque</source>
        <translation>État de la bibliothèque</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="86" />
        <source>&amp;Nouveau dossier</source>
        <translation>&amp;Nouveau dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="87" />
        <source>&amp;Ouvrir</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="88" />
        <source>&amp;Dupliquer</source>
        <translation>&amp;Dupliquer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="89" />
        <source>Mettre à la &amp;corbeille</source>
        <translation>Mettre à la &amp;corbeille</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="90" />
        <source>&amp;Importer un fichier JSON…</source>
        <translation>&amp;Importer un fichier JSON…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="102" />
        <source>Dossiers de la bibliothèque</source>
        <translation>Dossiers de la bibliothèque</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="110" />
        <source>&lt;b&gt;Corbeille&lt;/b&gt; — les dossiers supprimés restent ici tant qu'on ne les supprime pas définitivement.</source>
        <translation>&lt;b&gt;Corbeille&lt;/b&gt; — les dossiers supprimés restent ici tant qu'on ne les supprime pas définitivement.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="115" />
        <source>&amp;Restaurer</source>
        <translation>&amp;Restaurer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="116" />
        <source>Supprimer &amp;définitivement</source>
        <translation>Supprimer &amp;définitivement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="123" />
        <source>Dossiers dans la corbeille</source>
        <translation>Dossiers dans la corbeille</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="151" />
        <source>Boîte d'en&amp;voi</source>
        <translation>Boîte d'en&amp;voi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="169" />
        <source>Bienvenue. Pour découvrir l'application, ouvrez le dossier de démonstration (une commune fictive, deux écoles) ; vous pourrez le modifier ou le supprimer ensuite. Pour commencer votre propre dossier, choisissez « Nouveau dossier ».</source>
        <translation>Bienvenue. Pour découvrir l'application, ouvrez le dossier de démonstration (une commune fictive, deux écoles) ; vous pourrez le modifier ou le supprimer ensuite. Pour commencer votre propre dossier, choisissez « Nouveau dossier ».</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="173" />
        <source>Ouvrir le dossier de dé&amp;monstration</source>
        <translation>Ouvrir le dossier de dé&amp;monstration</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="180" />
        <source>Collectivité</source>
        <translation>Collectivité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="180" />
        <source>Projet</source>
        <translation>Projet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="180" />
        <source>Écoles</source>
        <translation>Écoles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="181" />
        <source>Subvention</source>
        <translation>Subvention</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="181" />
        <source>État</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="181" />
        <source>Modifié le</source>
        <translation>Modifié le</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="213" />
        <source>La liste des dossiers n'a pas pu être lue</source>
        <translation>La liste des dossiers n'a pas pu être lue</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="230" />
        <source>(collectivité à renseigner)</source>
        <translation>(collectivité à renseigner)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="338" />
        <source>Import annulé : le dossier déjà présent est inchangé.</source>
        <translation>Import annulé : le dossier déjà présent est inchangé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="345" />
        <source>« %1 » n'est pas un dossier socle valide : %2</source>
        <translation>« %1 » n'est pas un dossier socle valide : %2</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="358" />
        <source>Ce dossier est déjà dans la bibliothèque</source>
        <translation>Ce dossier est déjà dans la bibliothèque</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="359" />
        <source>%1 a le même identifiant qu'un dossier de la bibliothèque : %2.

Remplacer le dossier de la bibliothèque par celui du fichier, garder les deux (le dossier importé reçoit un nouvel identifiant et « (copie) » après son intitulé), ou annuler ?</source>
        <translation>%1 a le même identifiant qu'un dossier de la bibliothèque : %2.

Remplacer le dossier de la bibliothèque par celui du fichier, garder les deux (le dossier importé reçoit un nouvel identifiant et « (copie) » après son intitulé), ou annuler ?</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="363" />
        <source>&amp;Remplacer</source>
        <translation>&amp;Remplacer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="364" />
        <source>&amp;Garder les deux</source>
        <translation>&amp;Garder les deux</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="365" />
        <source>Annuler</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="391" />
        <source>Le dossier de démonstration n'a pas pu être importé</source>
        <translation>Le dossier de démonstration n'a pas pu être importé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="401" />
        <source>Importé : %1.</source>
        <translation>Importé : %1.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="404" />
        <source>Une pièce jointe à joindre avant l'export.</source>
        <translation>Une pièce jointe à joindre avant l'export.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="405" />
        <source>%1 pièces jointes à joindre avant l'export.</source>
        <translation>%1 pièces jointes à joindre avant l'export.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="158" />
        <source>Je reçois des dossiers (services de l'&amp;État)</source>
        <translation>Je reçois des dossiers (services de l'&amp;État)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="160" />
        <source>Vérifier, enregistrer et instruire les paquets reçus ; exporter les tableaux</source>
        <translation>Vérifier, enregistrer et instruire les paquets reçus ; exporter les tableaux</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="266" />
        <source>Le dossier n'a pas pu être créé</source>
        <translation>Le dossier n'a pas pu être créé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="273" />
        <source>Sélectionnez d'abord un dossier.</source>
        <translation>Sélectionnez d'abord un dossier.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="284" />
        <source>Dossier dupliqué.</source>
        <translation>Dossier dupliqué.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="285" />
        <source>Le dossier n'a pas pu être dupliqué</source>
        <translation>Le dossier n'a pas pu être dupliqué</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="293" />
        <source>Dossier mis à la corbeille ; « Restaurer » le ramène.</source>
        <translation>Dossier mis à la corbeille ; « Restaurer » le ramène.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="294" />
        <source>Le dossier n'a pas pu être mis à la corbeille</source>
        <translation>Le dossier n'a pas pu être mis à la corbeille</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="303" />
        <source>Le dossier n'a pas pu être restauré</source>
        <translation>Le dossier n'a pas pu être restauré</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="309" />
        <source>Supprimer définitivement</source>
        <translation>Supprimer définitivement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="310" />
        <source>Ce dossier sera effacé de la bibliothèque, sans retour possible. Continuer ?</source>
        <translation>Ce dossier sera effacé de la bibliothèque, sans retour possible. Continuer ?</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="315" />
        <source>Le dossier n'a pas pu être supprimé</source>
        <translation>Le dossier n'a pas pu être supprimé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="320" />
        <location filename="../../socle_desktop/gui/screenshot.py" line="123" />
        <source>Importer un dossier</source>
        <translation>Importer un dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="321" />
        <location filename="../../socle_desktop/gui/screenshot.py" line="124" />
        <source>Dossiers socle (*.json)</source>
        <translation>Dossiers socle (*.json)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="349" />
        <location filename="../../socle_desktop/gui/library_page.py" line="423" />
        <source>Import impossible</source>
        <translation>Import impossible</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="351" />
        <location filename="../../socle_desktop/gui/library_page.py" line="393" />
        <source>Dossier importé.</source>
        <translation>Dossier importé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="424" />
        <source>%1

Vos dossiers n'ont pas été modifiés.</source>
        <translation>%1

Vos dossiers n'ont pas été modifiés.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="427" />
        <source>Bibliothèque</source>
        <translation>Bibliothèque</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/library_page.py" line="428" />
        <source>%1 : %2

Vos dossiers n'ont pas été modifiés. Si le problème persiste, fermez puis rouvrez l'application.</source>
        <translation>%1 : %2

Vos dossiers n'ont pas été modifiés. Si le problème persiste, fermez puis rouvrez l'application.</translation>
    </message>
</context>
<context>
    <name>LignesPage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="27" />
        <source>Le socle numérique de base : matériels et réseaux, école par école. Chaque classe devrait avoir un dispositif de projection et un ordinateur portable pour l'enseignant.</source>
        <translation>Le socle numérique de base : matériels et réseaux, école par école. Chaque classe devrait avoir un dispositif de projection et un ordinateur portable pour l'enseignant.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="30" />
        <source>Services et ressources numériques : ENT, ressources pédagogiques, abonnements.</source>
        <translation>Services et ressources numériques : ENT, ressources pédagogiques, abonnements.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="32" />
        <source>La prise en main des équipements et des ressources (décrite et chiffrée, non subventionnée : l'académie la prend en charge).</source>
        <translation>La prise en main des équipements et des ressources (décrite et chiffrée, non subventionnée : l'académie la prend en charge).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="121" />
        <source>&amp;Ajouter une ligne</source>
        <translation>&amp;Ajouter une ligne</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="122" />
        <source>&amp;Supprimer la sélection</source>
        <translation>&amp;Supprimer la sélection</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="130" />
        <source>Afficher les lignes de l'école</source>
        <translation>Afficher les lignes de l'école</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="136" />
        <source>É&amp;cole :</source>
        <translation>É&amp;cole :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="144" />
        <source>Lignes de dépense : %1</source>
        <translation>Lignes de dépense : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="152" />
        <source>Totaux du volet</source>
        <translation>Totaux du volet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="261" />
        <source>(aucune école)</source>
        <translation>(aucune école)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="323" />
        <source>%n ligne</source>
        <translation>%n ligne</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="323" />
        <source>%n lignes</source>
        <translation>%n lignes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="326" />
        <source>&lt;b&gt;%1&lt;/b&gt; — dépense HT %2 — dépense TTC &lt;b&gt;%3&lt;/b&gt; — subvention &lt;b&gt;%4&lt;/b&gt; — reste à charge &lt;b&gt;%5&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — dépense HT %2 — dépense TTC &lt;b&gt;%3&lt;/b&gt; — subvention &lt;b&gt;%4&lt;/b&gt; — reste à charge &lt;b&gt;%5&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="262" />
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="269" />
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="286" />
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="319" />
        <source>(école sans nom)</source>
        <translation>(école sans nom)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="267" />
        <source>Toutes les écoles</source>
        <translation>Toutes les écoles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="318" />
        <source>École « %1 » :</source>
        <translation>École « %1 » :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="354" />
        <source>Sélectionnez d'abord la ligne à supprimer.</source>
        <translation>Sélectionnez d'abord la ligne à supprimer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/pages/lignes.py" line="357" />
        <source>%n ligne(s) supprimée(s). Ctrl+Z pour rétablir.</source>
        <translation><numerusform>%n ligne supprimée. Ctrl+Z pour rétablir.</numerusform><numerusform>%n lignes supprimées. Ctrl+Z pour rétablir.</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="84" />
        <source>&amp;Importer des lignes…</source>
        <translation>&amp;Importer des lignes…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="85" />
        <source>Ajouter les lignes d'un devis ou d'un tableau (CSV, XLSX, ODS)</source>
        <translation>Ajouter les lignes d'un devis ou d'un tableau (CSV, XLSX, ODS)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="87" />
        <source>E&amp;xporter les lignes…</source>
        <translation>E&amp;xporter les lignes…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="88" />
        <source>Écrire les lignes et le financement dans un tableur (XLSX, ODS ou CSV)</source>
        <translation>Écrire les lignes et le financement dans un tableur (XLSX, ODS ou CSV)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="105" />
        <source>Importer des lignes</source>
        <translation>Importer des lignes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="106" />
        <source>Tableaux (*.xlsx *.ods *.csv);;Excel (*.xlsx);;LibreOffice (*.ods);;CSV (*.csv)</source>
        <translation>Tableaux (*.xlsx *.ods *.csv);;Excel (*.xlsx);;LibreOffice (*.ods);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="608" />
        <source>Exporter les lignes</source>
        <translation>Exporter les lignes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="610" />
        <source>Excel (*.xlsx);;LibreOffice (*.ods);;CSV pour Excel (*.csv)</source>
        <translation>Excel (*.xlsx);;LibreOffice (*.ods);;CSV pour Excel (*.csv)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="637" />
        <source>Écriture de %1…</source>
        <translation>Écriture de %1…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="651" />
        <source>Lignes exportées : %1</source>
        <translation>Lignes exportées : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="695" />
        <source>Export des lignes</source>
        <translation>Export des lignes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="695" />
        <source>Le tableur %1 n'a pas été écrit : %2</source>
        <translation>Le tableur %1 n'a pas été écrit : %2</translation>
    </message>
</context>
<context>
    <name>LineImportDialog</name>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="138" />
        <source>Importer des lignes — %1</source>
        <translation>Importer des lignes — %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="142" />
        <source>&amp;Feuille :</source>
        <translation>&amp;Feuille :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="144" />
        <source>Feuille du classeur à importer</source>
        <translation>Feuille du classeur à importer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="160" />
        <source>Modifier les &amp;colonnes…</source>
        <translation>Modifier les &amp;colonnes…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="162" />
        <source>&amp;Valider les colonnes</source>
        <translation>&amp;Valider les colonnes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="165" />
        <source>&amp;Importer</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="189" />
        <source>Lecture de %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="193" />
        <source>Lecture du fichier</source>
        <translation>Lecture du fichier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="207" />
        <source>&amp;Ligne des en-têtes :</source>
        <translation>&amp;Ligne des en-têtes :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="209" />
        <location filename="../../socle_desktop/gui/line_import.py" line="457" />
        <source>aucune</source>
        <translation>aucune</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="210" />
        <source>Numéro de la ligne des en-têtes</source>
        <translation>Numéro de la ligne des en-têtes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="211" />
        <source>Les lignes au-dessus et celle-ci ne sont pas importées ; « aucune » : le tableau commence à la ligne 1.</source>
        <translation>Les lignes au-dessus et celle-ci ne sont pas importées ; « aucune » : le tableau commence à la ligne 1.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="221" />
        <source>Aperçu des premières lignes du fichier</source>
        <translation>Aperçu des premières lignes du fichier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="224" />
        <source>Se souvenir de ces colonnes pour les fichiers de même disposition</source>
        <translation>Se souvenir de ces colonnes pour les fichiers de même disposition</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="241" />
        <source>École des lignes qui n'en nomment &amp;pas :</source>
        <translation>École des lignes qui n'en nomment &amp;pas :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="243" />
        <source>École des lignes qui n'en nomment pas</source>
        <translation>École des lignes qui n'en nomment pas</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="244" />
        <source>(aucune école)</source>
        <translation>(aucune école)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="246" />
        <location filename="../../socle_desktop/gui/line_import.py" line="497" />
        <source>(école sans nom)</source>
        <translation>(école sans nom)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="258" />
        <source>École nommée par le fichier</source>
        <translation>École nommée par le fichier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="258" />
        <source>Lignes</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="258" />
        <source>Que faire ?</source>
        <translation>Que faire ?</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="259" />
        <source>Écoles absentes du dossier</source>
        <translation>Écoles absentes du dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="269" />
        <source>Ligne du fichier</source>
        <translation>Ligne du fichier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="269" />
        <source>Motif du refus</source>
        <translation>Motif du refus</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="270" />
        <source>Lignes refusées</source>
        <translation>Lignes refusées</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="335" />
        <source>cette feuille est vide.</source>
        <translation>cette feuille est vide.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="335" />
        <source>ce fichier est vide.</source>
        <translation>ce fichier est vide.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="343" />
        <source>Ce fichier ne peut pas être importé : %1</source>
        <translation>Ce fichier ne peut pas être importé : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="344" />
        <source>Rien n'a été ajouté au dossier.</source>
        <translation>Rien n'a été ajouté au dossier.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="353" />
        <source>Vérification des lignes…</source>
        <translation>Vérification des lignes…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="371" />
        <source>Indiquez ce que contient chaque colonne : au moins la désignation, la quantité et le prix unitaire HT. La ligne des en-têtes et celles au-dessus ne sont pas importées.</source>
        <translation>Indiquez ce que contient chaque colonne : au moins la désignation, la quantité et le prix unitaire HT. La ligne des en-têtes et celles au-dessus ne sont pas importées.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="374" />
        <source>Les en-têtes de ce fichier ne sont pas reconnus. Indiquez ce que contient chaque colonne : au moins la désignation, la quantité et le prix unitaire HT.</source>
        <translation>Les en-têtes de ce fichier ne sont pas reconnus. Indiquez ce que contient chaque colonne : au moins la désignation, la quantité et le prix unitaire HT.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="379" />
        <source>Contenu</source>
        <translation>Contenu</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="386" />
        <source>Contenu de la colonne %1</source>
        <translation>Contenu de la colonne %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="435" />
        <source>Une même information est choisie pour deux colonnes : %1.</source>
        <translation>Une même information est choisie pour deux colonnes : %1.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="439" />
        <source>Colonnes à indiquer : %1.</source>
        <translation>Colonnes à indiquer : %1.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="456" />
        <source>ligne %1</source>
        <translation>ligne %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="458" />
        <source>colonnes mémorisées pour cette disposition de fichier</source>
        <translation>colonnes mémorisées pour cette disposition de fichier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="459" />
        <source>en-têtes à la %1</source>
        <translation>en-têtes à la %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="460" />
        <source>&lt;b&gt;%1&lt;/b&gt; (%2 HT, %3 TTC) ; %4 ; %5.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2 HT, %3 TTC) ; %4 ; %5.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/line_import.py" line="461" />
        <source>%n ligne(s) à ajouter</source>
        <translation><numerusform>%n ligne à ajouter</numerusform><numerusform>%n lignes à ajouter</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/line_import.py" line="463" />
        <source>%n refusée(s)</source>
        <translation><numerusform>%n refusée</numerusform><numerusform>%n refusées</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/line_import.py" line="465" />
        <source>%n école(s) à créer.</source>
        <translation><numerusform>%n école à créer.</numerusform><numerusform>%n écoles à créer.</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="468" />
        <source>Rien n'est écrit avant « Importer » ; Ctrl+Z annule ensuite l'import entier.</source>
        <translation>Rien n'est écrit avant « Importer » ; Ctrl+Z annule ensuite l'import entier.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/line_import.py" line="472" />
        <source>&amp;Importer %n ligne(s)</source>
        <translation><numerusform>&amp;Importer %n ligne</numerusform><numerusform>&amp;Importer %n lignes</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/line_import.py" line="473" />
        <source>&amp;Importer %n ligne(s) valide(s)</source>
        <translation><numerusform>&amp;Importer %n ligne valide</numerusform><numerusform>&amp;Importer %n lignes valides</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="484" />
        <source>&lt;b&gt;Écoles absentes du dossier&lt;/b&gt; : créez-les, ou rattachez leurs lignes à une école du dossier (sinon ces lignes sont laissées de côté).</source>
        <translation>&lt;b&gt;Écoles absentes du dossier&lt;/b&gt; : créez-les, ou rattachez leurs lignes à une école du dossier (sinon ces lignes sont laissées de côté).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="493" />
        <source>Que faire des lignes de l'école %1</source>
        <translation>Que faire des lignes de l'école %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="494" />
        <source>Laisser ces lignes de côté</source>
        <translation>Laisser ces lignes de côté</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="495" />
        <source>Créer l'école dans le dossier</source>
        <translation>Créer l'école dans le dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="498" />
        <source>Rattacher à : %1</source>
        <translation>Rattacher à : %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/line_import.py" line="520" />
        <source>&lt;b&gt;%n ligne(s) refusée(s)&lt;/b&gt;, laissées de côté si vous importez :</source>
        <translation><numerusform>&lt;b&gt;%n ligne refusée&lt;/b&gt;, laissées de côté si vous importez :</numerusform><numerusform>&lt;b&gt;%n lignes refusées&lt;/b&gt;, laissées de côté si vous importez :</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/line_import.py" line="521" />
        <source>(les %1 premières affichées)</source>
        <translation>(les %1 premières affichées)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/line_import.py" line="544" />
        <source>%n ligne(s) importée(s). Ctrl+Z pour annuler l'import.</source>
        <translation><numerusform>%n ligne importée. Ctrl+Z pour annuler l'import.</numerusform><numerusform>%n lignes importées. Ctrl+Z pour annuler l'import.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/line_import.py" line="546" />
        <source>%n école(s) créée(s) : complétez-les sur la page Écoles.</source>
        <translation><numerusform>%n école créée : complétez-les sur la page Écoles.</numerusform><numerusform>%n écoles créées : complétez-les sur la page Écoles.</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="64" />
        <location filename="../../socle_desktop/gui/main_window.py" line="392" />
        <source>Dossiers « socle numérique »</source>
        <translation>Dossiers « socle numérique »</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="88" />
        <source>Campagne et date limite de dépôt</source>
        <translation>Campagne et date limite de dépôt</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="91" />
        <source>État de l'enregistrement</source>
        <translation>État de l'enregistrement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="129" />
        <location filename="../../socle_desktop/gui/main_window.py" line="186" />
        <source>← &amp;Bibliothèque</source>
        <translation>← &amp;Bibliothèque</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="130" />
        <location filename="../../socle_desktop/gui/main_window.py" line="187" />
        <source>Retour à la bibliothèque</source>
        <translation>Retour à la bibliothèque</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="169" />
        <source>La boîte d'envoi n'a pas pu s'ouvrir : %1</source>
        <translation>La boîte d'envoi n'a pas pu s'ouvrir : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="207" />
        <source>La réception n'a pas pu s'ouvrir</source>
        <translation>La réception n'a pas pu s'ouvrir</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="208" />
        <source>Les dossiers de la bibliothèque ne sont pas concernés.</source>
        <translation>Les dossiers de la bibliothèque ne sont pas concernés.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="211" />
        <source>ouverture de la réception</source>
        <translation>ouverture de la réception</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="226" />
        <source>Réception des dossiers</source>
        <translation>Réception des dossiers</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="243" />
        <source>Le paquet n'a pas été mis dans la boîte d'envoi</source>
        <translation>Le paquet n'a pas été mis dans la boîte d'envoi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="244" />
        <source>Il reste dans le dossier d'export ; vous pourrez l'ajouter depuis la boîte d'envoi.</source>
        <translation>Il reste dans le dossier d'export ; vous pourrez l'ajouter depuis la boîte d'envoi.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="273" />
        <source>Remplacer le paquet en attente</source>
        <translation>Remplacer le paquet en attente</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="274" />
        <source>La boîte d'envoi contient déjà un paquet plus ancien de ce dossier :
%1

Le retirer de la file et garder seulement le nouveau ?</source>
        <translation>La boîte d'envoi contient déjà un paquet plus ancien de ce dossier :
%1

Le retirer de la file et garder seulement le nouveau ?</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="284" />
        <source>Paquet placé dans la boîte d'envoi.</source>
        <translation>Paquet placé dans la boîte d'envoi.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="287" />
        <source>&amp;Fichier</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="288" />
        <source>&amp;Nouveau dossier</source>
        <translation>&amp;Nouveau dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="290" />
        <source>&amp;Importer un dossier JSON…</source>
        <translation>&amp;Importer un dossier JSON…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="292" />
        <source>Importer une c&amp;ampagne…</source>
        <translation>Importer une c&amp;ampagne…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="294" />
        <source>Enregistrer une &amp;copie JSON…</source>
        <translation>Enregistrer une &amp;copie JSON…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="296" />
        <source>Enregistrer</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="297" />
        <source>Inutile : chaque modification est enregistrée aussitôt.</source>
        <translation>Inutile : chaque modification est enregistrée aussitôt.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="299" />
        <source>&amp;Bibliothèque</source>
        <translation>&amp;Bibliothèque</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="300" />
        <source>Boîte d'&amp;envoi</source>
        <translation>Boîte d'&amp;envoi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="301" />
        <source>&amp;Réception des dossiers (services de l'État)</source>
        <translation>&amp;Réception des dossiers (services de l'État)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="304" />
        <source>&amp;Quitter</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="306" />
        <source>&amp;Édition</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="307" />
        <source>Annuler</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="309" />
        <source>Rétablir</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="316" />
        <source>A&amp;ide</source>
        <translation>A&amp;ide</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="317" />
        <source>Ouvrir le &amp;dossier de démonstration</source>
        <translation>Ouvrir le &amp;dossier de démonstration</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="319" />
        <source>&amp;Règles de calcul appliquées</source>
        <translation>&amp;Règles de calcul appliquées</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="320" />
        <source>À &amp;propos</source>
        <translation>À &amp;propos</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="332" />
        <source>Importer une campagne</source>
        <translation>Importer une campagne</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="333" />
        <source>Fichier de campagne (*.campagne.zip);;Archive zip (*.zip)</source>
        <translation>Fichier de campagne (*.campagne.zip);;Archive zip (*.zip)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="351" />
        <source>Campagne importée : adresse de dépôt, certificat du serveur et règles configurés.</source>
        <translation>Campagne importée : adresse de dépôt, certificat du serveur et règles configurés.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="359" />
        <source>Dépôt avant le %1</source>
        <translation>Dépôt avant le %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="413" />
        <location filename="../../socle_desktop/gui/main_window.py" line="419" />
        <source>Le dossier n'a pas pu être ouvert</source>
        <translation>Le dossier n'a pas pu être ouvert</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="414" />
        <source>Les autres dossiers ne sont pas concernés.</source>
        <translation>Les autres dossiers ne sont pas concernés.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="420" />
        <source>Installez une version de l'application qui connaît ces règles.</source>
        <translation>Installez une version de l'application qui connaît ces règles.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="439" />
        <source>Enregistré</source>
        <translation>Enregistré</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="459" />
        <source>Nouveau dossier</source>
        <translation>Nouveau dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="471" />
        <source>Enregistré à %1</source>
        <translation>Enregistré à %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="475" />
        <source>Non enregistré</source>
        <translation>Non enregistré</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="478" />
        <source>La dernière modification n'a pas pu être enregistrée</source>
        <translation>La dernière modification n'a pas pu être enregistrée</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="479" />
        <source>Elle reste affichée et sera enregistrée dès que possible. Par précaution, utilisez Fichier &gt; Enregistrer une copie JSON…</source>
        <translation>Elle reste affichée et sera enregistrée dès que possible. Par précaution, utilisez Fichier &gt; Enregistrer une copie JSON…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="489" />
        <source>socle-desktop</source>
        <translation>socle-desktop</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="498" />
        <source>Enregistrer une copie JSON</source>
        <translation>Enregistrer une copie JSON</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="500" />
        <source>Dossiers socle (*.json)</source>
        <translation>Dossiers socle (*.json)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="507" />
        <source>La copie n'a pas pu être écrite</source>
        <translation>La copie n'a pas pu être écrite</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="508" />
        <source>Choisissez un autre emplacement.</source>
        <translation>Choisissez un autre emplacement.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="510" />
        <source>Copie enregistrée : %1</source>
        <translation>Copie enregistrée : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="522" />
        <source>Règles de calcul</source>
        <translation>Règles de calcul</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="532" />
        <source>Export en cours</source>
        <translation>Export en cours</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/main_window.py" line="533" />
        <source>Un export est en cours. L'annuler et quitter ?</source>
        <translation>Un export est en cours. L'annuler et quitter ?</translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="184" />
        <source>Boîte d'envoi</source>
        <translation>Boîte d'envoi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="189" />
        <source>Les paquets signés attendent ici une connexion. Un envoi coupé reprend là où il s'est arrêté ; un paquet n'est jamais envoyé deux fois. Sans connexion, copiez-le sur une clé USB.</source>
        <translation>Les paquets signés attendent ici une connexion. Un envoi coupé reprend là où il s'est arrêté ; un paquet n'est jamais envoyé deux fois. Sans connexion, copiez-le sur une clé USB.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="206" />
        <source>File d'envoi</source>
        <translation>File d'envoi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="217" />
        <source>Reçu et historique du paquet choisi</source>
        <translation>Reçu et historique du paquet choisi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="219" />
        <source>Choisissez un paquet pour voir son reçu et son historique. Pour remplir la file : « Ajouter un paquet… » (un paquet .zip exporté et signé).</source>
        <translation>Choisissez un paquet pour voir son reçu et son historique. Pour remplir la file : « Ajouter un paquet… » (un paquet .zip exporté et signé).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="230" />
        <source>Campagne de dépôt</source>
        <translation>Campagne de dépôt</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="231" />
        <location filename="../../socle_desktop/gui/outbox_page.py" line="254" />
        <source>Importer une &amp;campagne…</source>
        <translation>Importer une &amp;campagne…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="233" />
        <source>Adresse à la main…</source>
        <translation>Adresse à la main…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="234" />
        <source>Pour un essai : saisir l'adresse d'un serveur de dépôt</source>
        <translation>Pour un essai : saisir l'adresse d'un serveur de dépôt</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="248" />
        <source>Adresse de dépôt et certificat du serveur fournis par le fichier de campagne (signataire : %1).</source>
        <translation>Adresse de dépôt et certificat du serveur fournis par le fichier de campagne (signataire : %1).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="250" />
        <source>Importer une autre &amp;campagne…</source>
        <translation>Importer une autre &amp;campagne…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="252" />
        <source>Aucune campagne importée : l'adresse de dépôt n'est pas connue.</source>
        <translation>Aucune campagne importée : l'adresse de dépôt n'est pas connue.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="272" />
        <source>Adresse du serveur de dépôt</source>
        <translation>Adresse du serveur de dépôt</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="273" />
        <source>Enregistrer</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="277" />
        <source>Serveur de dépôt :</source>
        <translation>Serveur de dépôt :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="278" />
        <source>Envoyer automatiquement quand la connexion revient</source>
        <translation>Envoyer automatiquement quand la connexion revient</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="285" />
        <source>&amp;Ajouter un paquet…</source>
        <translation>&amp;Ajouter un paquet…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="286" />
        <source>&amp;Envoyer maintenant</source>
        <translation>&amp;Envoyer maintenant</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="287" />
        <source>&amp;Réessayer</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="288" />
        <source>A&amp;nnuler l'envoi</source>
        <translation>A&amp;nnuler l'envoi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="289" />
        <source>&amp;Copier vers un dossier…</source>
        <translation>&amp;Copier vers un dossier…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="290" />
        <source>Re&amp;tirer de la file</source>
        <translation>Re&amp;tirer de la file</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="316" />
        <source>interrompu</source>
        <translation>interrompu</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="318" />
        <source>remplacé (%1)</source>
        <translation>remplacé (%1)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="335" />
        <source>Progression de l'envoi de %1</source>
        <translation>Progression de l'envoi de %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="413" />
        <source>Réglages non enregistrés : %1</source>
        <translation>Réglages non enregistrés : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="415" />
        <source>Réglages d'envoi enregistrés.</source>
        <translation>Réglages d'envoi enregistrés.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="445" />
        <source>Paquet ajouté à la file d'envoi : %1</source>
        <translation>Paquet ajouté à la file d'envoi : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="458" />
        <source>Paquets d'une version plus ancienne</source>
        <translation>Paquets d'une version plus ancienne</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="459" />
        <source>Ces paquets ne décrivent plus leur dossier tel qu'il est :
%1

Les envoyer quand même ? (Non : les autres paquets partent, ceux-ci restent dans la file.)</source>
        <translation>Ces paquets ne décrivent plus leur dossier tel qu'il est :
%1

Les envoyer quand même ? (Non : les autres paquets partent, ceux-ci restent dans la file.)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="481" />
        <source>Annulation… l'envoi reprendra là où il s'est arrêté.</source>
        <translation>Annulation… l'envoi reprendra là où il s'est arrêté.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="489" />
        <source>Paquet d'une version plus ancienne</source>
        <translation>Paquet d'une version plus ancienne</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="490" />
        <source>%1 est une version plus ancienne de son dossier (%2).

Le copier quand même ? Le dossier ne sera pas marqué « copié sur support ».</source>
        <translation>%1 est une version plus ancienne de son dossier (%2).

Le copier quand même ? Le dossier ne sera pas marqué « copié sur support ».</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="513" />
        <source>Copié dans %1 ; copie relue, empreinte identique.</source>
        <translation>Copié dans %1 ; copie relue, empreinte identique.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="526" />
        <source>%1 retiré de la file d'envoi.</source>
        <translation>%1 retiré de la file d'envoi.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="548" />
        <source>Indiquez d'abord l'adresse du serveur de dépôt, puis « Enregistrer ». Rien n'a été envoyé.</source>
        <translation>Indiquez d'abord l'adresse du serveur de dépôt, puis « Enregistrer ». Rien n'a été envoyé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="552" />
        <source>Rien à envoyer.</source>
        <translation>Rien à envoyer.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="568" />
        <source>Envoi en cours…</source>
        <translation>Envoi en cours…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="568" />
        <source>Connexion au serveur de dépôt…</source>
        <translation>Connexion au serveur de dépôt…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="588" />
        <source>envoi en cours</source>
        <translation>envoi en cours</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="594" />
        <source>Pas de connexion au serveur de dépôt ; nouvel essai dans une minute.</source>
        <translation>Pas de connexion au serveur de dépôt ; nouvel essai dans une minute.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="629" />
        <source>Ajouter un paquet à la file d'envoi</source>
        <translation>Ajouter un paquet à la file d'envoi</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="630" />
        <source>Paquets signés (*.zip)</source>
        <translation>Paquets signés (*.zip)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/outbox_page.py" line="634" />
        <source>Copier le paquet dans le dossier</source>
        <translation>Copier le paquet dans le dossier</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="44" />
        <source>PDF signé : ce qui s'affiche et s'imprime est exactement le fichier du paquet de dépôt.</source>
        <translation>PDF signé : ce qui s'affiche et s'imprime est exactement le fichier du paquet de dépôt.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="45" />
        <source>APERÇU — non signé : ce n'est pas le document qui sera signé et déposé ; chaque page le porte.</source>
        <translation>APERÇU — non signé : ce n'est pas le document qui sera signé et déposé ; chaque page le porte.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="57" />
        <source>&amp;Imprimer…</source>
        <translation>&amp;Imprimer…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="59" />
        <source>&amp;Fermer</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="86" />
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="100" />
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="105" />
        <source>Impression impossible</source>
        <translation>Impression impossible</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="87" />
        <source>Aucune imprimante n'est installée sur cet ordinateur. Installez-en une, ou copiez le PDF (dossier de destination de l'export) sur un poste qui imprime : c'est le même fichier.</source>
        <translation>Aucune imprimante n'est installée sur cet ordinateur. Installez-en une, ou copiez le PDF (dossier de destination de l'export) sur un poste qui imprime : c'est le même fichier.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="101" />
        <source>Le PDF n'a pas pu être lu pour l'impression.</source>
        <translation>Le PDF n'a pas pu être lu pour l'impression.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pdf_preview.py" line="106" />
        <source>L'imprimante « %1 » a refusé le travail : vérifiez qu'elle est allumée et disponible, puis recommencez.</source>
        <translation>L'imprimante « %1 » a refusé le travail : vérifiez qu'elle est allumée et disponible, puis recommencez.</translation>
    </message>
</context>
<context>
    <name>PiecesPage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="38" />
        <source>Pièces jointes</source>
        <translation>Pièces jointes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="39" />
        <source>Devis, délibération du conseil et autres documents, en PDF ou en image. Glissez-déposez des fichiers ici ou utilisez « Joindre un fichier ».</source>
        <translation>Devis, délibération du conseil et autres documents, en PDF ou en image. Glissez-déposez des fichiers ici ou utilisez « Joindre un fichier ».</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="45" />
        <source>Type de la pièce à joindre</source>
        <translation>Type de la pièce à joindre</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="46" />
        <source>&amp;Type :</source>
        <translation>&amp;Type :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="48" />
        <source>&amp;Joindre un fichier…</source>
        <translation>&amp;Joindre un fichier…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="49" />
        <source>&amp;Ouvrir</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="50" />
        <source>&amp;Retirer</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="59" />
        <source>Nom</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="59" />
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="59" />
        <source>Taille</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="60" />
        <source>Écoles couvertes</source>
        <translation>Écoles couvertes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="61" />
        <source>Pièces jointes du dossier</source>
        <translation>Pièces jointes du dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="78" />
        <source>Écoles couvertes par le devis sélectionné</source>
        <translation>Écoles couvertes par le devis sélectionné</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="84" />
        <source>Déposez ici des fichiers PDF, PNG ou JPEG.</source>
        <translation>Déposez ici des fichiers PDF, PNG ou JPEG.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="101" />
        <source>fichier absent</source>
        <translation>fichier absent</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="103" />
        <source>Le fichier de cette pièce n'est pas dans la bibliothèque : joignez à nouveau le même fichier (il est reconnu à son empreinte), ou retirez la pièce.</source>
        <translation>Le fichier de cette pièce n'est pas dans la bibliothèque : joignez à nouveau le même fichier (il est reconnu à son empreinte), ou retirez la pièce.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="123" />
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="156" />
        <source>(école sans nom)</source>
        <translation>(école sans nom)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="125" />
        <source>Non précisé</source>
        <translation>Non précisé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="127" />
        <source>Toutes les écoles</source>
        <translation>Toutes les écoles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="148" />
        <source>Sélectionnez un devis pour indiquer les écoles qu'il couvre.</source>
        <translation>Sélectionnez un devis pour indiquer les écoles qu'il couvre.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="152" />
        <source>Écoles couvertes par le devis « %1 » :</source>
        <translation>Écoles couvertes par le devis « %1 » :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="173" />
        <source>Joindre des fichiers</source>
        <translation>Joindre des fichiers</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="174" />
        <source>Documents (*.pdf *.png *.jpg *.jpeg)</source>
        <translation>Documents (*.pdf *.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="182" />
        <source>« %1 » : seuls les fichiers PDF, PNG et JPEG peuvent être joints.</source>
        <translation>« %1 » : seuls les fichiers PDF, PNG et JPEG peuvent être joints.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="190" />
        <source>Pièces non jointes</source>
        <translation>Pièces non jointes</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="191" />
        <source>%n fichier(s) n'ont pas été joints :</source>
        <translation><numerusform>%n fichier n'ont pas été joints :</numerusform><numerusform>%n fichiers n'ont pas été joints :</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="193" />
        <source>Les autres pièces du dossier n'ont pas changé.</source>
        <translation>Les autres pièces du dossier n'ont pas changé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="204" />
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="219" />
        <source>Sélectionnez d'abord une pièce.</source>
        <translation>Sélectionnez d'abord une pièce.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="211" />
        <source>Pièce illisible</source>
        <translation>Pièce illisible</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/pieces.py" line="212" />
        <source>La pièce « %1 » n'a pas pu être lue : %2</source>
        <translation>La pièce « %1 » n'a pas pu être lue : %2</translation>
    </message>
</context>
<context>
    <name>ProjetPage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/projet.py" line="27" />
        <source>Intitulé du projet</source>
        <translation>Intitulé du projet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/projet.py" line="28" />
        <source>Description du projet</source>
        <translation>Description du projet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/projet.py" line="29" />
        <source>Objectifs pédagogiques</source>
        <translation>Objectifs pédagogiques</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/projet.py" line="30" />
        <source>Calendrier de réalisation</source>
        <translation>Calendrier de réalisation</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/projet.py" line="37" />
        <source>Projet</source>
        <translation>Projet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/projet.py" line="38" />
        <source>Présentez le projet en quelques phrases : ce que les élèves et les enseignants pourront faire, et quand.</source>
        <translation>Présentez le projet en quelques phrases : ce que les élèves et les enseignants pourront faire, et quand.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/pages/projet.py" line="117" />
        <source>%n caractère(s)</source>
        <translation><numerusform>%n caractère</numerusform><numerusform>%n caractères</numerusform></translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/projet.py" line="119" />
        <source>%1 / %2 caractères</source>
        <translation>%1 / %2 caractères</translation>
    </message>
</context>
<context>
    <name>ReceptionPage</name>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="439" />
        <source>signataire différent — à confirmer</source>
        <translation>signataire différent — à confirmer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="184" />
        <source>&lt;b&gt;Réception des dossiers&lt;/b&gt; — services de l'État</source>
        <translation>&lt;b&gt;Réception des dossiers&lt;/b&gt; — services de l'État</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="187" />
        <source>Déposez ici un dossier ou une clé USB contenant des paquets (.zip), ou choisissez-le : chaque paquet est vérifié (signatures, sommes de contrôle, montants) et inscrit au registre. Un paquet déjà vérifié ne l'est pas deux fois.</source>
        <translation>Déposez ici un dossier ou une clé USB contenant des paquets (.zip), ou choisissez-le : chaque paquet est vérifié (signatures, sommes de contrôle, montants) et inscrit au registre. Un paquet déjà vérifié ne l'est pas deux fois.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="195" />
        <source>&amp;Vérifier un dossier ou une clé USB…</source>
        <translation>&amp;Vérifier un dossier ou une clé USB…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="197" />
        <source>Interrompre</source>
        <translation>Interrompre</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="201" />
        <source>Filtrer par état</source>
        <translation>Filtrer par état</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="202" />
        <source>Tous les paquets</source>
        <translation>Tous les paquets</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="203" />
        <source>Dossiers en vigueur (valides)</source>
        <translation>Dossiers en vigueur (valides)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="208" />
        <source>E&amp;xporter les tableaux…</source>
        <translation>E&amp;xporter les tableaux…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="213" />
        <source>Afficher :</source>
        <translation>Afficher :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="220" />
        <source>%v / %m paquets vérifiés</source>
        <translation>%v / %m paquets vérifiés</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="255" />
        <source>montant accordé (par défaut : la demande)</source>
        <translation>montant accordé (par défaut : la demande)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="256" />
        <source>Subvention accordée</source>
        <translation>Subvention accordée</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="257" />
        <source>&amp;Retenir</source>
        <translation>&amp;Retenir</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="259" />
        <source>&amp;Ne pas retenir</source>
        <translation>&amp;Ne pas retenir</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="262" />
        <source>Décision :</source>
        <translation>Décision :</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="266" />
        <source>&amp;Garder ce signataire</source>
        <translation>&amp;Garder ce signataire</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="268" />
        <source>Après avoir confirmé le code de vérification auprès de la collectivité : ce paquet redevient instructible, les versions signées par d'autres certificats sont écartées.</source>
        <translation>Après avoir confirmé le code de vérification auprès de la collectivité : ce paquet redevient instructible, les versions signées par d'autres certificats sont écartées.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="277" />
        <source>Rapport de vérification du paquet</source>
        <translation>Rapport de vérification du paquet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="278" />
        <source>Choisissez un paquet pour lire son rapport de vérification.</source>
        <translation>Choisissez un paquet pour lire son rapport de vérification.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="283" />
        <source>Paquets reçus</source>
        <translation>Paquets reçus</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="296" />
        <source>Synthèse par département</source>
        <translation>Synthèse par département</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="323" />
        <source>Lecture du registre impossible : %1</source>
        <translation>Lecture du registre impossible : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="353" />
        <source>registre vide</source>
        <translation>registre vide</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="378" />
        <source> · identité confirmée</source>
        <translation> · identité confirmée</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="393" />
        <source> (version antérieure)</source>
        <translation> (version antérieure)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="424" />
        <source>Non jugé — à renvoyer : le fichier est incomplet ou illisible (un transfert coupé, le plus souvent) ; demandez-en une nouvelle copie à la collectivité. Son dossier n'est pas rejeté.</source>
        <translation>Non jugé — à renvoyer : le fichier est incomplet ou illisible (un transfert coupé, le plus souvent) ; demandez-en une nouvelle copie à la collectivité. Son dossier n'est pas rejeté.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="428" />
        <source>Identité du signataire : confirmée.</source>
        <translation>Identité du signataire : confirmée.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="429" />
        <source>Identité du signataire : non confirmée (confirmez le code de vérification auprès de la collectivité).</source>
        <translation>Identité du signataire : non confirmée (confirmez le code de vérification auprès de la collectivité).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="433" />
        <source>Attention : des versions valides de ce dossier sont signées par des certificats différents ; aucune n'est retenue ni remplacée tant que vous n'avez pas gardé le bon signataire.</source>
        <translation>Attention : des versions valides de ce dossier sont signées par des certificats différents ; aucune n'est retenue ni remplacée tant que vous n'avez pas gardé le bon signataire.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="437" />
        <source>version remplacée par une plus récente</source>
        <translation>version remplacée par une plus récente</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="441" />
        <source>écartée : un autre signataire a été gardé</source>
        <translation>écartée : un autre signataire a été gardé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="443" />
        <source>à renvoyer</source>
        <translation>à renvoyer</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="447" />
        <source>non instructible</source>
        <translation>non instructible</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="467" />
        <source>Le montant accordé ne peut pas dépasser la subvention demandée (%1).</source>
        <translation>Le montant accordé ne peut pas dépasser la subvention demandée (%1).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="469" />
        <source>Décision impossible : %1</source>
        <translation>Décision impossible : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="480" />
        <source>%1 : retenu, %2 accordés.</source>
        <translation>%1 : retenu, %2 accordés.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="483" />
        <source>%1 : non retenu.</source>
        <translation>%1 : non retenu.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="493" />
        <source>Confirmation impossible : %1</source>
        <translation>Confirmation impossible : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="498" />
        <source>%1 : signataire gardé, %2 version(s) d'autres signataires écartée(s).</source>
        <translation>%1 : signataire gardé, %2 version(s) d'autres signataires écartée(s).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="538" />
        <source>Dossier ou clé USB des paquets reçus</source>
        <translation>Dossier ou clé USB des paquets reçus</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="544" />
        <source>Une vérification est déjà en cours.</source>
        <translation>Une vérification est déjà en cours.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="566" />
        <source>Vérification de %1…</source>
        <translation>Vérification de %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/reception_page.py" line="580" />
        <source>%n paquet(s) trouvé(s)</source>
        <translation><numerusform>%n paquet trouvé</numerusform><numerusform>%n paquets trouvés</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/reception_page.py" line="581" />
        <source>%n vérifié(s)</source>
        <translation><numerusform>%n vérifié</numerusform><numerusform>%n vérifiés</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../socle_desktop/gui/reception_page.py" line="582" />
        <source>%n déjà au registre.</source>
        <translation>
            <numerusform>%n déjà au registre.</numerusform>
            <numerusform>%n déjà au registre.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="584" />
        <source>Vérification interrompue : relancez-la pour finir.</source>
        <translation>Vérification interrompue : relancez-la pour finir.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="590" />
        <source>La vérification s'est arrêtée : %1</source>
        <translation>La vérification s'est arrêtée : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="618" />
        <source>Calcul de la synthèse…</source>
        <translation>Calcul de la synthèse…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="637" />
        <source>Dossier où écrire les tableaux</source>
        <translation>Dossier où écrire les tableaux</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="643" />
        <source>Attendez la fin de la vérification en cours.</source>
        <translation>Attendez la fin de la vérification en cours.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="656" />
        <source>L'export a échoué : %1</source>
        <translation>L'export a échoué : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="664" />
        <source>%1 fichiers écrits dans %2.</source>
        <translation>%1 fichiers écrits dans %2.</translation>
    </message>
</context>
<context>
    <name>SynthesePage</name>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="57" />
        <source>Synthèse du financement</source>
        <translation>Synthèse du financement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="67" />
        <source>Paramètres à vérifier</source>
        <translation>Paramètres à vérifier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="70" />
        <source>Dépense HT</source>
        <translation>Dépense HT</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="70" />
        <source>Dépense TTC</source>
        <translation>Dépense TTC</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="70" />
        <source>Assiette</source>
        <translation>Assiette</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="71" />
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="83" />
        <source>Subvention</source>
        <translation>Subvention</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="71" />
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="83" />
        <source>Reste à charge</source>
        <translation>Reste à charge</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="72" />
        <source>Volet</source>
        <translation>Volet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="73" />
        <source>Financement par volet</source>
        <translation>Financement par volet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="81" />
        <source>École</source>
        <translation>École</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="81" />
        <source>Équipement TTC</source>
        <translation>Équipement TTC</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="82" />
        <source>Ressources TTC</source>
        <translation>Ressources TTC</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="82" />
        <source>Accompagnement TTC</source>
        <translation>Accompagnement TTC</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="84" />
        <source>Minimum d'équipement</source>
        <translation>Minimum d'équipement</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="85" />
        <source>Financement par école</source>
        <translation>Financement par école</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="138" />
        <source>Pour une dépense de &lt;b&gt;%1&lt;/b&gt; TTC, l'État apporterait &lt;b&gt;%2&lt;/b&gt; ; le reste à charge de la collectivité serait de &lt;b&gt;%3&lt;/b&gt;.</source>
        <translation>Pour une dépense de &lt;b&gt;%1&lt;/b&gt; TTC, l'État apporterait &lt;b&gt;%2&lt;/b&gt; ; le reste à charge de la collectivité serait de &lt;b&gt;%3&lt;/b&gt;.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="144" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="166" />
        <source>&lt;b&gt;À vérifier auprès de la DSDEN&lt;/b&gt; : ces montants dépendent de paramètres de l'appel qu'aucune source primaire ne confirme encore :&lt;ul style='margin: 2px 0'&gt;%1&lt;/ul&gt;Leurs sources sont dans Aide › Règles de calcul appliquées.</source>
        <translation>&lt;b&gt;À vérifier auprès de la DSDEN&lt;/b&gt; : ces montants dépendent de paramètres de l'appel qu'aucune source primaire ne confirme encore :&lt;ul style='margin: 2px 0'&gt;%1&lt;/ul&gt;Leurs sources sont dans Aide › Règles de calcul appliquées.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="178" />
        <source>Dépenses communes (sans école)</source>
        <translation>Dépenses communes (sans école)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="184" />
        <source>(école sans nom)</source>
        <translation>(école sans nom)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="185" />
        <source>atteint</source>
        <translation>atteint</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/pages/synthese.py" line="186" />
        <source>non atteint</source>
        <translation>non atteint</translation>
    </message>
</context>
<context>
    <name>VerifyWindow</name>
    <message>
        <location filename="../../socle_desktop/gui/verify_window.py" line="53" />
        <source>Vérifier un paquet</source>
        <translation>Vérifier un paquet</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/verify_window.py" line="57" />
        <source>Choisissez un paquet de dépôt (.zip). Son intégrité, ses signatures, son schéma et ses montants sont vérifiés ; rien n'est modifié ni envoyé.</source>
        <translation>Choisissez un paquet de dépôt (.zip). Son intégrité, ses signatures, son schéma et ses montants sont vérifiés ; rien n'est modifié ni envoyé.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/verify_window.py" line="59" />
        <source>&amp;Choisir un paquet…</source>
        <translation>&amp;Choisir un paquet…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/verify_window.py" line="73" />
        <source>Paquet à vérifier</source>
        <translation>Paquet à vérifier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/verify_window.py" line="74" />
        <source>Paquets de dépôt (*.zip);;Tous les fichiers (*)</source>
        <translation>Paquets de dépôt (*.zip);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/verify_window.py" line="82" />
        <source>Vérification de %1…</source>
        <translation>Vérification de %1…</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/verify_window.py" line="96" />
        <source>La vérification s'est arrêtée (code %1).</source>
        <translation>La vérification s'est arrêtée (code %1).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/verify_window.py" line="103" />
        <source>La vérification n'a pas pu être lancée.</source>
        <translation>La vérification n'a pas pu être lancée.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="148" />
        <source>Fermez l'autre fenêtre de socle-desktop, puis relancez.</source>
        <translation>Fermez l'autre fenêtre de socle-desktop, puis relancez.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="150" />
        <source>Aucune sauvegarde automatique n'a été trouvée ; la commande « socle-desktop check » en dit plus.</source>
        <translation>Aucune sauvegarde automatique n'a été trouvée ; la commande « socle-desktop check » en dit plus.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="153" />
        <source>Vérifiez que le dossier des données est accessible en écriture : %1</source>
        <translation>Vérifiez que le dossier des données est accessible en écriture : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="155" />
        <source>La bibliothèque des dossiers n'a pas pu être ouverte : %1

%2</source>
        <translation>La bibliothèque des dossiers n'a pas pu être ouverte : %1

%2</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="198" />
        <source>La sauvegarde n'a pas pu être remise en place : %1</source>
        <translation>La sauvegarde n'a pas pu être remise en place : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="179" />
        <source>La bibliothèque des dossiers est endommagée : %1

Rien n'a pu en être récupéré et aucune sauvegarde n'est lisible : n'effacez pas ce fichier.</source>
        <translation>La bibliothèque des dossiers est endommagée : %1

Rien n'a pu en être récupéré et aucune sauvegarde n'est lisible : n'effacez pas ce fichier.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="185" />
        <source>

Attention : %1</source>
        <translation>

Attention : %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="186" />
        <source>La bibliothèque des dossiers est endommagée : %1

Ce que chaque solution remettrait en place :
%2

Remettre en place la solution 1 (%3) ? Le fichier endommagé est gardé de côté, rien n'est effacé. (Pour une autre solution : socle-desktop check --restaurer FICHIER.)%4</source>
        <translation>La bibliothèque des dossiers est endommagée : %1

Ce que chaque solution remettrait en place :
%2

Remettre en place la solution 1 (%3) ? Le fichier endommagé est gardé de côté, rien n'est effacé. (Pour une autre solution : socle-desktop check --restaurer FICHIER.)%4</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/app.py" line="248" />
        <source>Le dossier des données %1 n'a pas pu être créé : %2</source>
        <translation>Le dossier des données %1 n'a pas pu être créé : %2</translation>
    </message>
</context>
<context>
    <name>commands</name>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="80" />
        <source>la modification de « %1 »</source>
        <translation>la modification de « %1 »</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/commands.py" line="80" />
        <source>l'ajout d'une école</source>
        <translation>l'ajout d'une école</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/commands.py" line="94" />
        <source>la suppression d'une école</source>
        <translation>la suppression d'une école</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/commands.py" line="108" />
        <source>l'ajout d'une ligne</source>
        <translation>l'ajout d'une ligne</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/commands.py" line="122" />
        <source>la suppression d'une ligne</source>
        <translation>la suppression d'une ligne</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/commands.py" line="173" />
        <source>l'ajout de la pièce « %1 »</source>
        <translation>l'ajout de la pièce « %1 »</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/commands.py" line="191" />
        <source>le retrait de la pièce « %1 »</source>
        <translation>le retrait de la pièce « %1 »</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="45" />
        <source>la modification du nom</source>
        <translation>la modification du nom</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="46" />
        <source>la modification de la commune</source>
        <translation>la modification de la commune</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="47" />
        <source>la modification du secteur</source>
        <translation>la modification du secteur</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="48" />
        <source>la modification du type</source>
        <translation>la modification du type</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="49" />
        <source>la modification de l'adresse</source>
        <translation>la modification de l'adresse</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="50" />
        <source>la modification du code postal</source>
        <translation>la modification du code postal</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="51" />
        <source>la modification de la qualité du représentant</source>
        <translation>la modification de la qualité du représentant</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="52" />
        <source>la modification de la personne à contacter</source>
        <translation>la modification de la personne à contacter</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="53" />
        <source>la modification du téléphone</source>
        <translation>la modification du téléphone</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="54" />
        <source>la modification de la description</source>
        <translation>la modification de la description</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="55" />
        <source>la modification des objectifs</source>
        <translation>la modification des objectifs</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="56" />
        <source>la modification du calendrier</source>
        <translation>la modification du calendrier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="57" />
        <source>la modification du taux de TVA</source>
        <translation>la modification du taux de TVA</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="58" />
        <source>la modification de l'UAI</source>
        <translation>la modification de l'UAI</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="59" />
        <source>la modification du code INSEE</source>
        <translation>la modification du code INSEE</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="60" />
        <source>la modification du nombre de classes</source>
        <translation>la modification du nombre de classes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="61" />
        <source>la modification du nombre d'élèves</source>
        <translation>la modification du nombre d'élèves</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="62" />
        <source>la modification du SIRET</source>
        <translation>la modification du SIRET</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="63" />
        <source>la modification de la raison sociale</source>
        <translation>la modification de la raison sociale</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="64" />
        <source>la modification du représentant</source>
        <translation>la modification du représentant</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="65" />
        <source>la modification du courriel</source>
        <translation>la modification du courriel</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="66" />
        <source>la modification de l'intitulé</source>
        <translation>la modification de l'intitulé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="67" />
        <source>la modification du libellé</source>
        <translation>la modification du libellé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="68" />
        <source>la modification de la quantité</source>
        <translation>la modification de la quantité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="69" />
        <source>la modification du prix unitaire HT</source>
        <translation>la modification du prix unitaire HT</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="70" />
        <source>la modification de l'école</source>
        <translation>la modification de l'école</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="71" />
        <source>la modification de la catégorie</source>
        <translation>la modification de la catégorie</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="72" />
        <source>la modification des écoles couvertes par le devis</source>
        <translation>la modification des écoles couvertes par le devis</translation>
    </message>
</context>
<context>
    <name>delegates</name>
    <message>
        <location filename="../../socle_desktop/gui/delegates.py" line="68" />
        <source>Au plus %1 : un nombre plus grand est une faute de frappe.</source>
        <translation>Au plus %1 : un nombre plus grand est une faute de frappe.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/delegates.py" line="71" />
        <source>Un nombre entier est attendu (chiffres seulement).</source>
        <translation>Un nombre entier est attendu (chiffres seulement).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/delegates.py" line="127" />
        <source>« %1 » : si le point sépare les milliers, écrivez %2 (les centimes viennent après une virgule).</source>
        <translation>« %1 » : si le point sépare les milliers, écrivez %2 (les centimes viennent après une virgule).</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/delegates.py" line="132" />
        <source>Un prix unitaire ne peut pas être négatif ; saisissez le montant sans le signe moins.</source>
        <translation>Un prix unitaire ne peut pas être négatif ; saisissez le montant sans le signe moins.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/delegates.py" line="135" />
        <source>« %1 » dépasse %2 pour une seule unité : vérifiez le nombre de chiffres.</source>
        <translation>« %1 » dépasse %2 pour une seule unité : vérifiez le nombre de chiffres.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../socle_desktop/gui/error_dialog.py" line="52" />
        <source>Une erreur inattendue s'est produite%1 : %2.</source>
        <translation>Une erreur inattendue s'est produite%1 : %2.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/error_dialog.py" line="54" />
        <source>Vos dossiers sont enregistrés à chaque modification : rien de ce qui était enregistré n'est perdu. Si l'erreur revient, fermez puis rouvrez l'application.</source>
        <translation>Vos dossiers sont enregistrés à chaque modification : rien de ce qui était enregistré n'est perdu. Si l'erreur revient, fermez puis rouvrez l'application.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/error_dialog.py" line="58" />
        <source>Les détails sont dans le journal %1 ; joignez-le à votre message si vous signalez le problème.</source>
        <translation>Les détails sont dans le journal %1 ; joignez-le à votre message si vous signalez le problème.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/error_dialog.py" line="61" />
        <source>Le journal des erreurs n'a pas pu être écrit dans le dossier des données.</source>
        <translation>Le journal des erreurs n'a pas pu être écrit dans le dossier des données.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/error_dialog.py" line="94" />
        <source>erreur inattendue (%1)</source>
        <translation>erreur inattendue (%1)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/error_dialog.py" line="96" />
        <source> ; détails dans le journal %1</source>
        <translation> ; détails dans le journal %1</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/error_dialog.py" line="101" />
        <source>socle-desktop — erreur inattendue</source>
        <translation>socle-desktop — erreur inattendue</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="11" />
        <source>nom</source>
        <translation>nom</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="12" />
        <source>commune</source>
        <translation>commune</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="13" />
        <source>secteur</source>
        <translation>secteur</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="14" />
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="15" />
        <source>adresse</source>
        <translation>adresse</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="16" />
        <source>code postal</source>
        <translation>code postal</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="17" />
        <source>qualité du représentant</source>
        <translation>qualité du représentant</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="18" />
        <source>personne à contacter</source>
        <translation>personne à contacter</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="19" />
        <source>téléphone</source>
        <translation>téléphone</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="20" />
        <source>description</source>
        <translation>description</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="21" />
        <source>objectifs</source>
        <translation>objectifs</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="22" />
        <source>calendrier</source>
        <translation>calendrier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="23" />
        <source>TVA</source>
        <translation>TVA</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="24" />
        <source>UAI</source>
        <translation>UAI</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="25" />
        <source>code INSEE</source>
        <translation>code INSEE</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="26" />
        <source>classes</source>
        <translation>classes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="27" />
        <source>élèves</source>
        <translation>élèves</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="28" />
        <source>SIRET</source>
        <translation>SIRET</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="29" />
        <source>raison sociale</source>
        <translation>raison sociale</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="30" />
        <source>représentant</source>
        <translation>représentant</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="31" />
        <source>courriel</source>
        <translation>courriel</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="32" />
        <source>intitulé</source>
        <translation>intitulé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="33" />
        <source>libellé</source>
        <translation>libellé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="34" />
        <source>quantité</source>
        <translation>quantité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="35" />
        <source>prix unitaire HT</source>
        <translation>prix unitaire HT</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="36" />
        <source>école</source>
        <translation>école</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="37" />
        <source>catégorie</source>
        <translation>catégorie</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/labels.py" line="38" />
        <source>écoles couvertes</source>
        <translation>écoles couvertes</translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="86" />
        <source>Nom de l'école</source>
        <translation>Nom de l'école</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="87" />
        <source>UAI</source>
        <translation>UAI</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="88" />
        <source>Code INSEE</source>
        <translation>Code INSEE</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="89" />
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="90" />
        <source>Classes</source>
        <translation>Classes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="91" />
        <source>Élèves</source>
        <translation>Élèves</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="92" />
        <source>Secteur</source>
        <translation>Secteur</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="169" />
        <source>École</source>
        <translation>École</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="170" />
        <source>Catégorie</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="171" />
        <source>Libellé</source>
        <translation>Libellé</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="172" />
        <source>Quantité</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="173" />
        <source>Prix unitaire HT</source>
        <translation>Prix unitaire HT</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="174" />
        <source>TVA</source>
        <translation>TVA</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="175" />
        <source>Total TTC</source>
        <translation>Total TTC</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="303" />
        <source>(école sans nom)</source>
        <translation>(école sans nom)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="305" />
        <source>(aucune école)</source>
        <translation>(aucune école)</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/models.py" line="306" />
        <source>(école inconnue)</source>
        <translation>(école inconnue)</translation>
    </message>
</context>
<context>
    <name>page</name>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="115" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="115" />
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="115" />
        <source>État</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="115" />
        <source>Collectivité</source>
        <translation>Collectivité</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="116" />
        <source>Dép.</source>
        <translation>Dép.</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="116" />
        <source>Écoles</source>
        <translation>Écoles</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="116" />
        <source>Classes</source>
        <translation>Classes</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="116" />
        <source>Subvention demandée</source>
        <translation>Subvention demandée</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="117" />
        <source>Décision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location filename="../../socle_desktop/gui/reception_page.py" line="117" />
        <source>Subvention accordée</source>
        <translation>Subvention accordée</translation>
    </message>
</context>
</TS>
