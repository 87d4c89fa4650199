/** A link to another CASE object, as CASE 1.1 `LinkURI`. */
export interface CaseLinkUri {
  /** Title of the target. */
  title: string;
  /** UUID of the target. */
  identifier: string;
  /** URI of the target. */
  uri: string;
}

/** An association end, as CASE 1.1 `LinkGenURI`: may point outside CASE. */
export interface CaseLinkGenUri {
  /** Title of the target. */
  title: string;
  /** Identifier of the target (any string). */
  identifier: string;
  /** URI of the target. */
  uri: string;
  /** `CASE` or an `ext:` type for non-CASE targets. */
  targetType?: string;
}

/** The framework header of a CASE 1.1 package (`CFPckgDocument`). */
export interface CaseDocument {
  identifier: string;
  uri: string;
  creator: string;
  title: string;
  lastChangeDateTime: string;
  caseVersion?: string;
  officialSourceURL?: string;
  publisher?: string;
  description?: string;
  language?: string;
  version?: string;
  adoptionStatus?: string;
  statusStartDate?: string;
  statusEndDate?: string;
  licenseURI?: CaseLinkUri;
  notes?: string;
  extensions?: Record<string, unknown>;
}

/** One competency of a CASE 1.1 package (`CFPckgItem`). */
export interface CaseItem {
  identifier: string;
  uri: string;
  fullStatement: string;
  lastChangeDateTime: string;
  humanCodingScheme?: string;
  CFItemType?: string;
  CFItemTypeURI?: CaseLinkUri;
  notes?: string;
  language?: string;
  statusStartDate?: string;
  statusEndDate?: string;
  extensions?: Record<string, unknown>;
}

/** A typed edge of a CASE 1.1 package (`CFPckgAssociation`). */
export interface CaseAssociation {
  identifier: string;
  uri: string;
  associationType: string;
  originNodeURI: CaseLinkGenUri;
  destinationNodeURI: CaseLinkGenUri;
  lastChangeDateTime: string;
  sequenceNumber?: number;
  notes?: string;
  extensions?: Record<string, unknown>;
}

/** An item type definition of a CASE 1.1 package (`CFItemType`). */
export interface CaseItemType {
  identifier: string;
  uri: string;
  title: string;
  description: string;
  hierarchyCode: string;
  lastChangeDateTime: string;
}

/** A 1EdTech CASE 1.1 `CFPackage`: one framework with its items and associations. */
export interface CasePackage {
  CFDocument: CaseDocument;
  CFItems: CaseItem[];
  CFAssociations: CaseAssociation[];
  CFDefinitions?: { CFItemTypes?: CaseItemType[] };
}

/** Key under which Carepass keeps, in CASE `extensions`, what CASE itself cannot say. */
export const CASE_EXTENSION_KEY = 'carepass';
